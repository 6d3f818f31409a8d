import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { killRedisProcess, launchRedisProcess, type RedisServer, startRedis } from './redis-server.js';

/** The master group name the test sentinels monitor. */
const MASTER_NAME = 'popdesk-master';

/** A master with one replica, watched by three sentinels, all on loopback ports. */
export interface RedisSentinelSet {
  readonly master: RedisServer;
  readonly replica: RedisServer;
  /** The sentinels as `redis.sentinels` takes them. */
  readonly sentinels: ReadonlyArray<{ host: string; port: number }>;
  /** The master group name, for `redis.name`. */
  readonly name: string;
  /** The port of the server the sentinels name as master right now. */
  masterPort(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts a master and a replica (AOF on, as popdesk expects) and three sentinels with a quorum
 * of 2 that call a master down after one second, and waits until every sentinel knows the
 * replica and the other two sentinels, so a failover can happen.
 */
export async function startRedisSentinels(): Promise<RedisSentinelSet> {
  const master = await startRedis();
  const replica = await startRedis({ settings: { replicaof: `127.0.0.1 ${master.port}` } });
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-sentinel-'));
  const processes: ChildProcess[] = [];
  const sentinels: Array<{ host: string; port: number }> = [];
  const stop = async (): Promise<void> => {
    await Promise.all(processes.map((child) => killRedisProcess(child, 'SIGTERM')));
    await Promise.all([master.stop(), replica.stop()]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await untilReplicated(replica.port);
    for (let index = 0; index < 3; index += 1) {
      const { child, port } = await startSentinel(dir, index, master.port);
      processes.push(child);
      sentinels.push({ host: '127.0.0.1', port });
    }
    await Promise.all(sentinels.map(({ port }) => untilAware(port)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    master,
    replica,
    sentinels,
    name: MASTER_NAME,
    async masterPort() {
      const sentinel = new Redis({ host: '127.0.0.1', port: sentinels[0]?.port ?? 0, lazyConnect: true });
      try {
        await sentinel.connect();
        const [, port] = (await sentinel.call(
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          MASTER_NAME,
        )) as string[];
        return Number(port);
      } finally {
        sentinel.disconnect();
      }
    },
    stop,
  };
}

async function startSentinel(
  dir: string,
  index: number,
  masterPort: number,
): Promise<{ child: ChildProcess; port: number }> {
  // A port found free can be taken by another test before the sentinel binds it: try fresh ones.
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const config = join(dir, `sentinel-${index}.conf`);
    await writeFile(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `logfile ${join(dir, `sentinel-${index}.log`)}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
        `sentinel failover-timeout ${MASTER_NAME} 5000`,
        '',
      ].join('\n'),
    );
    try {
      return { child: await launchRedisProcess([config, '--sentinel'], port), port };
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function untilReplicated(replicaPort: number): Promise<void> {
  await until(replicaPort, async (redis) => /master_link_status:up/.test(await redis.info('replication')));
}

/** A sentinel that knows the replica and both other sentinels can vote a failover through. */
async function untilAware(sentinelPort: number): Promise<void> {
  await until(sentinelPort, async (redis) => {
    const replicas = (await redis.call('SENTINEL', 'REPLICAS', MASTER_NAME)) as unknown[];
    const others = (await redis.call('SENTINEL', 'SENTINELS', MASTER_NAME)) as unknown[];
    return replicas.length >= 1 && others.length >= 2;
  });
}

async function until(port: number, ready: (redis: Redis) => Promise<boolean>): Promise<void> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  try {
    await redis.connect();
    const deadline = Date.now() + 30_000;
    while (!(await ready(redis))) {
      if (Date.now() > deadline) throw new Error(`Redis on port ${port} did not get ready within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.disconnect();
  }
}
