import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { type RedisServer, startRedis } from './redis-server.js';
import { requireInstalled } from './require-installed.js';

const REDIS_CLI = '/usr/bin/redis-cli';

/** A private Redis Cluster of masters on loopback ports, each set up as popdesk expects Redis. */
export interface RedisCluster {
  readonly masters: readonly RedisServer[];
  /** The nodes as `redis.cluster` takes them. */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  stop(): Promise<void>;
}

/**
 * Starts `count` (at least 3) redis-servers with `cluster-enabled yes`, joins them with
 * `redis-cli --cluster create` (the slots spread evenly, no replicas) and waits until every node
 * reports `cluster_state:ok`.
 */
export async function startRedisCluster(count = 3): Promise<RedisCluster> {
  requireInstalled('Redis', [REDIS_CLI]);
  const masters = await Promise.all(
    Array.from({ length: count }, () =>
      startRedis({
        settings: {
          'cluster-enabled': 'yes',
          'cluster-config-file': 'nodes.conf',
          'cluster-node-timeout': '2000',
        },
      }),
    ),
  );
  try {
    const addresses = masters.map((master) => `127.0.0.1:${master.port}`);
    await promisify(execFile)(REDIS_CLI, ['--cluster', 'create', ...addresses, '--cluster-yes'], {
      timeout: 30_000,
    });
    await Promise.all(masters.map((master) => untilClusterOk(master.port)));
  } catch (error) {
    await Promise.all(masters.map((master) => master.stop()));
    throw error;
  }
  return {
    masters,
    nodes: masters.map((master) => ({ host: '127.0.0.1', port: master.port })),
    async stop() {
      await Promise.all(masters.map((master) => master.stop()));
    },
  };
}

async function untilClusterOk(port: number): Promise<void> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  try {
    await redis.connect();
    const deadline = Date.now() + 20_000;
    while (!/cluster_state:ok/.test(String(await redis.cluster('INFO')))) {
      if (Date.now() > deadline) throw new Error(`Redis Cluster node ${port} did not reach cluster_state:ok`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.disconnect();
  }
}
