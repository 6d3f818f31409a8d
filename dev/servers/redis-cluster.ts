import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { type RedisServer, startRedis } from './redis-server.js';
import { requireInstalled } from './require-installed.js';

const REDIS_CLI = '/usr/bin/redis-cli';

/** A private Redis Cluster of masters on loopback ports, each set up as popdesk expects Redis. */
export interface RedisCluster {
  /** Every node; with replicas, the first `count` were created as masters. */
  readonly servers: readonly RedisServer[];
  /** The nodes as `redis.cluster` takes them. */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  /** The replica of the master that serves `key`'s hash slot right now. */
  replicaServing(key: string): Promise<RedisServer>;
  stop(): Promise<void>;
}

/**
 * Starts `masters` (at least 3) redis-servers with `cluster-enabled yes`, and `replicasEach`
 * replicas of each, joins them with `redis-cli --cluster create` (the slots spread evenly) and
 * waits until every node reports `cluster_state:ok` and every replica has synced.
 */
export async function startRedisCluster(masters = 3, replicasEach = 0): Promise<RedisCluster> {
  requireInstalled('Redis', [REDIS_CLI]);
  const servers = await Promise.all(
    Array.from({ length: masters * (1 + replicasEach) }, () =>
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
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await promisify(execFile)(
      REDIS_CLI,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicasEach), '--cluster-yes'],
      { timeout: 30_000 },
    );
    await Promise.all(servers.map((server) => untilClusterOk(server.port)));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return {
    servers,
    nodes: servers.slice(0, masters).map((server) => ({ host: '127.0.0.1', port: server.port })),
    async replicaServing(key) {
      const port = await replicaPortServing(servers[0]?.port ?? 0, key);
      const replica = servers.find((server) => server.port === port);
      if (replica === undefined) throw new Error(`no replica serves the slot of ${key}`);
      return replica;
    },
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

/** Reads CLUSTER NODES on one node: the port of a replica of the master serving `key`. */
async function replicaPortServing(port: number, key: string): Promise<number | undefined> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  try {
    await redis.connect();
    const slot = (await redis.cluster('KEYSLOT', key)) as number;
    // `<id> <host:port@cport> <flags> <master id> <ping> <pong> <epoch> <link> <slot ranges...>`
    const nodes = String(await redis.cluster('NODES'))
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const master = nodes.find((fields) =>
      fields.slice(8).some((range) => {
        const [from = -1, to = from] = range.split('-').map(Number);
        return slot >= from && slot <= to;
      }),
    );
    const replica = nodes.find((fields) => fields[3] === master?.[0]);
    return replica === undefined ? undefined : Number(/:(\d+)@/.exec(replica[1] ?? '')?.[1]);
  } finally {
    redis.disconnect();
  }
}

async function untilClusterOk(port: number): Promise<void> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  try {
    await redis.connect();
    const deadline = Date.now() + 20_000;
    const ready = async (): Promise<boolean> =>
      /cluster_state:ok/.test(String(await redis.cluster('INFO'))) &&
      !/role:slave[\s\S]*master_link_status:down/.test(await redis.info('replication'));
    while (!(await ready())) {
      if (Date.now() > deadline) throw new Error(`Redis Cluster node ${port} did not reach cluster_state:ok`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.disconnect();
  }
}
