import type { Logger } from 'pino';
import type { RedisClient } from '../queue/redis-client.js';

/**
 * A listener for a BullMQ queue's or worker's `error` event. While the main Redis connection is
 * down, BullMQ repeats each reconnect error on every queue and worker; the connection itself
 * already logged the outage once (see `create-redis.ts`), so those echoes go to debug.
 */
export function logBullmqError(redis: RedisClient, logger: Logger, message: string): (error: Error) => void {
  return (error) => {
    if (redis.status === 'ready') logger.error({ err: error }, message);
    else logger.debug({ err: error.message }, message);
  };
}
