import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './redis-client.js';
import { RedisSetupError } from './redis-setup-error.js';

/** What {@link checkRedisDurability} found. */
export interface RedisDurability {
  readonly version: string;
  readonly aofEnabled: boolean;
  /** `always`, `everysec`, `no`, or undefined when CONFIG is not allowed (managed Redis). */
  readonly appendfsync: string | undefined;
  /** True when the server has WAITAOF (Redis 7.2+), so each write can wait for its fsync. */
  readonly waitAof: boolean;
  /** A sentence for the log when mail could be lost in a Redis crash; undefined when none could. */
  readonly warning: string | undefined;
  /** Replicas connected to the master now (in a cluster, to the master with the fewest). */
  readonly replicas: number;
}

/** The settings of a Redis that decide whether queued mail survives: read, not judged. */
export interface RedisSettings {
  readonly version: string;
  readonly aofEnabled: boolean;
  /** `noeviction`, `allkeys-lru`, ...; undefined when INFO does not say. */
  readonly maxmemoryPolicy: string | undefined;
  /** `always`, `everysec`, `no`, or undefined when CONFIG is not allowed (managed Redis). */
  readonly appendfsync: string | undefined;
  /** True when the server has WAITAOF (Redis 7.2+), so each write can wait for its fsync. */
  readonly waitAof: boolean;
  /** Replicas connected to this server now. */
  readonly replicas: number;
}

/**
 * Checks the Redis that will hold the raw mail before anything is deleted from a mailbox. An
 * evicting `maxmemory-policy` would drop mail under memory pressure, so it stops start-up; a
 * missing or lazy AOF only narrows the guarantee, so it is reported as a warning. In a cluster
 * every master is checked, and the weakest answer counts.
 */
export async function checkRedisDurability(redis: RedisClient): Promise<RedisDurability> {
  if (!(redis instanceof Cluster)) return checkServer(redis);
  const masters = await Promise.all(redis.nodes('master').map(checkServer));
  const [first] = masters;
  if (first === undefined) throw new RedisSetupError('the Redis Cluster reports no master');
  const weakest =
    masters.find((master) => master.warning !== undefined) ??
    masters.find((master) => !master.waitAof) ??
    first;
  return { ...weakest, replicas: Math.min(...masters.map((master) => master.replicas)) };
}

/**
 * Reads what {@link checkRedisDurability} judges, without judging it: `popdesk check` reports
 * each setting on its own line.
 */
export async function readRedisSettings(redis: Redis): Promise<RedisSettings> {
  const server = await redis.info('server');
  const version = /redis_version:([^\r\n]+)/.exec(server)?.[1] ?? '0';
  const persistence = await redis.info('persistence');
  const aofEnabled = /aof_enabled:1/.test(persistence);
  const memory = await redis.info('memory');
  const maxmemoryPolicy = /maxmemory_policy:([^\r\n]+)/.exec(memory)?.[1];
  const appendfsync = await redis
    .config('GET', 'appendfsync')
    .then((reply) => (Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined))
    .catch(() => undefined);
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const waitAof = major > 7 || (major === 7 && minor >= 2);
  const replicas = Number(/connected_slaves:(\d+)/.exec(await redis.info('replication'))?.[1] ?? 0);
  return { version, aofEnabled, maxmemoryPolicy, appendfsync, waitAof, replicas };
}

async function checkServer(redis: Redis): Promise<RedisDurability> {
  const {
    version,
    aofEnabled,
    maxmemoryPolicy: policy,
    appendfsync,
    waitAof,
    replicas,
  } = await readRedisSettings(redis);
  if (policy !== undefined && policy !== 'noeviction') {
    throw new RedisSetupError(
      `Redis maxmemory-policy is "${policy}": it may evict queued mail. Set maxmemory-policy noeviction.`,
    );
  }
  return {
    version,
    aofEnabled,
    appendfsync,
    waitAof,
    warning: durabilityWarning(aofEnabled, appendfsync, waitAof),
    replicas,
  };
}

/** The sentence for the log when a Redis crash or power loss could lose fetched mail; undefined when none could. */
export function durabilityWarning(
  aofEnabled: boolean,
  appendfsync: string | undefined,
  waitAof: boolean,
): string | undefined {
  if (!aofEnabled) {
    return 'Redis runs without AOF (appendonly no): mail deleted from the mailbox is lost if Redis crashes before its next snapshot';
  }
  if (appendfsync !== 'always' && !waitAof) {
    return `Redis AOF uses appendfsync ${appendfsync ?? 'unknown'} and this Redis has no WAITAOF: a power loss can lose about a second of fetched mail; set appendfsync always for none`;
  }
  return undefined;
}
