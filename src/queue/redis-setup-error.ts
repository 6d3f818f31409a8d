/** Raised at start-up when Redis is set up so that queued mail could silently disappear. */
export class RedisSetupError extends Error {
  override name = 'RedisSetupError';
}
