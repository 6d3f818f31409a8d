import { RedisConnectionError } from './redis-connection-error.js';

/** Thrown when Redis did not accept a connection before a one-shot command's deadline. */
export class RedisUnreachableError extends RedisConnectionError {
  override name = 'RedisUnreachableError';

  /** `where` names the configured Redis with no secret in it (see `describeRedisTarget`). */
  constructor(where: string, waitedMs: number, cause: Error) {
    super(`cannot reach Redis at ${where} (tried for ${Math.round(waitedMs / 1000)} s): ${cause.message}`, {
      cause,
    });
  }
}
