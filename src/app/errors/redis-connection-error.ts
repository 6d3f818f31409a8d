/**
 * popdesk could not open its Redis connection at start-up. The message names `redis.url` (with
 * any password redacted) and the cause; the command line exits 2, as for a configuration error.
 */
export class RedisConnectionError extends Error {
  override name = 'RedisConnectionError';
}
