import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { type RedisServer, startRedis } from '../../dev/servers/redis-server.js';

/**
 * Starts a Redis server for the calling test file (before its tests) with one client on it, and
 * stops both after them. Returns the client's getter: it exists only once `beforeAll` ran.
 */
export function useRedis(): () => Redis {
  let server: RedisServer | undefined;
  let redis: Redis | undefined;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  return () => {
    if (redis === undefined) throw new Error('useRedis: Redis is not started yet');
    return redis;
  };
}
