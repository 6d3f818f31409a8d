import type { Logger } from 'pino';
import type { RedisTarget } from '../config/index.js';
import type { RedisClient } from '../queue/redis-client.js';
import { describeRedisTarget, redisCredentialKeys } from './describe-redis-target.js';
import { RedisAuthError } from './errors/redis-auth-error.js';
import { isRedisAuthFailure } from './is-redis-auth-failure.js';
import { openRedisClient } from './open-redis-client.js';

/**
 * A Redis connection for one purpose. BullMQ workers block on Redis and need
 * `maxRetriesPerRequest: null`; the same setting keeps commands waiting through a Redis
 * restart or a Sentinel failover instead of failing them, which is what a poller holding a
 * POP3 session wants too. Its errors go to `logger`, once per outage: without a listener
 * ioredis would print `[ioredis] Unhandled error event` lines, not JSON, on every reconnect attempt.
 * Redis refusing the credentials on a reconnect (its password was changed) is logged once more,
 * naming the keys that hold them, since that, not the network, is what to fix.
 */
export function createRedis(target: RedisTarget, name: string, logger: Logger): RedisClient {
  const redis = openRedisClient(target, {
    connectionName: `popdesk-${name}`,
    lazyConnect: false,
    reconnect: true,
  });
  let down = false;
  let refused = false;
  redis.on('error', (error: Error) => {
    if (!refused && isRedisAuthFailure(error)) {
      refused = true;
      const hint = new RedisAuthError(describeRedisTarget(target), redisCredentialKeys(target), error)
        .message;
      logger.error({ connection: name }, `${hint}; reconnecting`);
    }
    if (down) return;
    down = true;
    logger.error({ connection: name, err: error.message }, 'lost the connection to Redis; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    refused = false;
    logger.info({ connection: name }, 'reconnected to Redis');
  });
  return redis;
}
