import type { RedisClient } from '../queue/redis-client.js';
import { TokenCacheStoreError } from './errors/token-cache-store-error.js';
import type { TokenCacheStore } from './token-cache-store.js';

/** The two ioredis commands the store uses; a `Redis` or `Cluster` instance fits. */
export type TokenCacheRedis = Pick<RedisClient, 'get' | 'set'>;

/**
 * Keeps the token cache in one Redis string with no expiry: plain GET and SET, so the key must
 * live on a Redis that persists (AOF) and never evicts it. The caller owns the connection.
 */
export class RedisTokenCacheStore implements TokenCacheStore {
  readonly key: string;
  private readonly redis: TokenCacheRedis;

  constructor(redis: TokenCacheRedis, key: string) {
    if (key === '') throw new TokenCacheStoreError('the token cache Redis key is empty');
    this.redis = redis;
    this.key = key;
  }

  async load(): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.key)) ?? undefined;
    } catch (error) {
      throw new TokenCacheStoreError(`could not read the token cache from Redis key "${this.key}"`, {
        cause: withoutCommand(error),
      });
    }
  }

  async save(serialized: string): Promise<void> {
    try {
      await this.redis.set(this.key, serialized);
    } catch (error) {
      throw new TokenCacheStoreError(`could not write the token cache to Redis key "${this.key}"`, {
        cause: withoutCommand(error),
      });
    }
  }
}

/**
 * ioredis attaches the failed command with its arguments to reply and abort errors
 * (`error.command.args`): for a SET that is the whole cache, refresh token included. Keep only
 * the name, message and stack.
 */
function withoutCommand(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const copy = new Error(error.message);
  copy.name = error.name;
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}
