import type { Logger } from 'pino';
import type { RedisTarget } from '../config/index.js';
import type { RedisClient } from '../queue/redis-client.js';
import { openRedisClient } from './open-redis-client.js';

/**
 * A Redis connection for one purpose. BullMQ workers block on Redis and need
 * `maxRetriesPerRequest: null`; the same setting keeps commands waiting through a Redis
 * restart or a Sentinel failover instead of failing them, which is what a poller holding a
 * POP3 session wants too. Its errors go to `logger`, once per outage: without a listener
 * ioredis would print `[ioredis] Unhandled error event` lines, not JSON, on every reconnect attempt.
 */
export function createRedis(target: RedisTarget, name: string, logger: Logger): RedisClient {
  const redis = openRedisClient(target, {
    connectionName: `popdesk-${name}`,
    lazyConnect: false,
    reconnect: true,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error({ connection: name, err: error.message }, 'lost the connection to Redis; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ connection: name }, 'reconnected to Redis');
  });
  return redis;
}
