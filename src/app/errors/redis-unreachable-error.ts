import { RedisConnectionError } from './redis-connection-error.js';

/** Thrown when Redis did not accept a connection before a one-shot command's deadline. */
export class RedisUnreachableError extends RedisConnectionError {
  override name = 'RedisUnreachableError';

  constructor(redactedUrl: string, waitedMs: number, cause: Error) {
    super(
      `cannot reach Redis at redis.url = ${redactedUrl} (tried for ${Math.round(waitedMs / 1000)} s): ${cause.message}`,
      { cause },
    );
  }
}
