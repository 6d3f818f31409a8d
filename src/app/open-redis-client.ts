import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/index.js';
import type { RedisClient } from '../queue/redis-client.js';

/** Connection settings that do not depend on where Redis is. */
export interface RedisClientSettings {
  readonly connectionName: string;
  readonly lazyConnect: boolean;
  /** False for a probe that must fail rather than reconnect. */
  readonly reconnect: boolean;
  readonly connectTimeoutMs?: number;
}

/**
 * The one place a Redis connection is made: a `Redis` for a URL or for Sentinel (which asks the
 * sentinels for the master and, after a failover, for the new one), a `Cluster` for a cluster.
 * `maxRetriesPerRequest: null` throughout: BullMQ's workers need it, and it keeps commands
 * waiting through a failover instead of failing them.
 */
export function openRedisClient(target: RedisTarget, settings: RedisClientSettings): RedisClient {
  const common: RedisOptions = {
    maxRetriesPerRequest: null,
    connectionName: settings.connectionName,
    lazyConnect: settings.lazyConnect,
    ...(settings.connectTimeoutMs !== undefined ? { connectTimeout: settings.connectTimeoutMs } : {}),
    ...(settings.reconnect ? {} : { retryStrategy: () => null }),
  };
  switch (target.kind) {
    case 'url':
      return new Redis(target.url, common);
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: target.sentinels.map(({ host, port }) => ({ host, port })),
        name: target.name,
        ...(target.password !== undefined ? { password: target.password } : {}),
        ...(target.sentinelPassword !== undefined ? { sentinelPassword: target.sentinelPassword } : {}),
        // Hear of a failover from the sentinels at once instead of when the old master's socket fails.
        failoverDetector: settings.reconnect,
        ...(settings.reconnect ? {} : { sentinelRetryStrategy: () => null }),
      });
    case 'cluster': {
      const { lazyConnect, ...redisOptions } = common;
      const options: ClusterOptions = {
        lazyConnect,
        redisOptions: {
          ...redisOptions,
          ...(target.password !== undefined ? { password: target.password } : {}),
        },
        ...(settings.reconnect ? {} : { clusterRetryStrategy: () => null }),
      };
      return new Cluster(
        target.nodes.map(({ host, port }) => ({ host, port })),
        options,
      );
    }
  }
}
