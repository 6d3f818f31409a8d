import { RedisConnectionError } from './redis-connection-error.js';

/** Thrown when Redis refused the credentials in `redis.url` (or wants some and got none). */
export class RedisAuthError extends RedisConnectionError {
  override name = 'RedisAuthError';

  constructor(redactedUrl: string, cause: Error) {
    super(
      `Redis refused the credentials in redis.url = ${redactedUrl}: ${cause.message}. Check the password (and user) in redis.url, or POPDESK_REDIS_URL / POPDESK_REDIS_URL_FILE`,
      { cause },
    );
  }
}
