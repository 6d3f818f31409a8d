import { RedisConnectionError } from './redis-connection-error.js';

/** Thrown when Redis refused the configured credentials (or wants some and got none). */
export class RedisAuthError extends RedisConnectionError {
  override name = 'RedisAuthError';

  /** `where` names the configured Redis with no secret; `credentialKeys` says which keys to check. */
  constructor(where: string, credentialKeys: string, cause: Error) {
    super(`Redis refused the credentials in ${where}: ${cause.message}. Check ${credentialKeys}`, { cause });
  }
}
