import { Cluster, type Redis } from 'ioredis';
import { connectRedis } from '../app/connect-redis.js';
import { describeRedisTarget, redisCredentialKeys } from '../app/describe-redis-target.js';
import { RedisAuthError } from '../app/errors/redis-auth-error.js';
import type { RedisTarget } from '../config/index.js';
import type { RedisClient } from '../queue/redis-client.js';
import { durabilityWarning, readRedisSettings } from '../queue/redis-durability.js';
import { within } from '../timeouts/within.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';

/** What {@link checkRedis} found: its lines, and the connection for the checks that need Redis. */
export interface RedisCheck {
  readonly results: CheckResult[];
  /** Open when Redis was reached; the caller closes it. */
  readonly redis: RedisClient | undefined;
}

/**
 * Checks the Redis that `redis.url`, `redis.sentinels` or `redis.cluster` names: that it accepts
 * a connection and the credentials, its version, AOF on (`appendonly yes`) and
 * `maxmemory-policy noeviction`, which the app also demands at start (see
 * `checkRedisDurability`); in a cluster, on every master. Reads only; changes nothing.
 */
export async function checkRedis(target: RedisTarget, timeoutMs: number): Promise<RedisCheck> {
  const where = describeRedisTarget(target);
  let redis: RedisClient;
  try {
    redis = await connectRedis({ target, patience: { kind: 'give-up', deadlineMs: timeoutMs } });
  } catch (error) {
    const fix =
      error instanceof RedisAuthError
        ? `check the password (and user) in ${redisCredentialKeys(target)}`
        : `check that Redis runs and that ${where} points at it`;
    return {
      results: [
        failed('redis', error instanceof Error ? error.message : String(error), fix),
        skipped('redis: persistence', 'Redis is not reachable'),
        skipped('redis: maxmemory-policy', 'Redis is not reachable'),
      ],
      redis: undefined,
    };
  }
  try {
    const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
    const results: CheckResult[] = [];
    for (const server of servers) {
      const label = servers.length > 1 ? `redis ${server.options.host}:${server.options.port}` : 'redis';
      results.push(...(await checkServer(server, label, where, timeoutMs)));
    }
    return { results, redis };
  } catch (error) {
    return {
      results: [failed('redis', error instanceof Error ? error.message : String(error))],
      redis,
    };
  }
}

/** The lines of one Redis server (a cluster has one per master). */
async function checkServer(
  redis: Redis,
  label: string,
  where: string,
  timeoutMs: number,
): Promise<CheckResult[]> {
  const settings = await within(readRedisSettings(redis), timeoutMs, 'reading the Redis settings');
  const results: CheckResult[] = [passed(label, `Redis ${settings.version} at ${where}`)];
  const warning = durabilityWarning(settings.aofEnabled, settings.appendfsync, settings.waitAof);
  if (!settings.aofEnabled) {
    results.push(
      failed(
        `${label}: persistence`,
        'AOF is off (appendonly no): mail deleted from the mailbox is lost if Redis crashes before its next snapshot',
        'set appendonly yes (and appendfsync always) in redis.conf, or CONFIG SET appendonly yes',
      ),
    );
  } else {
    results.push(
      passed(
        `${label}: persistence`,
        warning ?? `AOF on, appendfsync ${settings.appendfsync ?? 'unknown (CONFIG not allowed)'}`,
      ),
    );
  }
  const policy = settings.maxmemoryPolicy;
  results.push(
    policy === undefined || policy === 'noeviction'
      ? passed(`${label}: maxmemory-policy`, policy ?? 'not reported (assumed noeviction)')
      : failed(
          `${label}: maxmemory-policy`,
          `"${policy}" may evict queued mail under memory pressure; popdesk refuses to start on it`,
          'set maxmemory-policy noeviction in redis.conf, or CONFIG SET maxmemory-policy noeviction',
        ),
  );
  return results;
}
