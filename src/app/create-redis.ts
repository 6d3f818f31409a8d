import { Redis } from 'ioredis';

/**
 * A Redis connection for one purpose. BullMQ workers block on Redis and need
 * `maxRetriesPerRequest: null`; the same setting keeps commands waiting through a Redis
 * restart instead of failing them, which is what a poller holding a POP3 session wants too.
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: `popdesk-${name}`,
    lazyConnect: false,
  });
}
