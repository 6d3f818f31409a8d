import type { Redis } from 'ioredis';

/** Raised at start-up when Redis is set up so that queued mail could silently disappear. */
export class RedisSetupError extends Error {
  override name = 'RedisSetupError';
}

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
  return { version, aofEnabled, maxmemoryPolicy, appendfsync, waitAof };
}

/**
 * Checks the Redis that will hold the raw mail before anything is deleted from a mailbox. An
 * evicting `maxmemory-policy` would drop mail under memory pressure, so it stops start-up; a
 * missing or lazy AOF only narrows the guarantee, so it is reported as a warning.
 */
export async function checkRedisDurability(redis: Redis): Promise<RedisDurability> {
  const {
    version,
    aofEnabled,
    maxmemoryPolicy: policy,
    appendfsync,
    waitAof,
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
