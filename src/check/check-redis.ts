import type { Redis } from 'ioredis';
import { connectRedis } from '../app/connect-redis.js';
import { RedisAuthError } from '../app/errors/redis-auth-error.js';
import { redactConfig } from '../config/index.js';
import { durabilityWarning, readRedisSettings } from '../queue/redis-durability.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';
import { within } from './within.js';

/** What {@link checkRedis} found: its lines, and the connection for the checks that need Redis. */
export interface RedisCheck {
  readonly results: CheckResult[];
  /** Open when Redis was reached; the caller closes it. */
  readonly redis: Redis | undefined;
}

/**
 * Checks the Redis in `redis.url`: that it accepts a connection and the credentials, its
 * version, AOF on (`appendonly yes`) and `maxmemory-policy noeviction`, which the app also
 * demands at start (see `checkRedisDurability`). Reads only; changes nothing.
 */
export async function checkRedis(url: string, timeoutMs: number): Promise<RedisCheck> {
  const redacted = String(redactConfig(url));
  let redis: Redis;
  try {
    redis = await connectRedis({ url, patience: { kind: 'give-up', deadlineMs: timeoutMs } });
  } catch (error) {
    const fix =
      error instanceof RedisAuthError
        ? 'check the password (and user) in redis.url, or POPDESK_REDIS_URL / POPDESK_REDIS_URL_FILE'
        : `check that Redis runs and that redis.url (${redacted}) points at it`;
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
    const settings = await within(readRedisSettings(redis), timeoutMs, 'reading the Redis settings');
    const results: CheckResult[] = [passed('redis', `Redis ${settings.version} at ${redacted}`)];
    const warning = durabilityWarning(settings.aofEnabled, settings.appendfsync, settings.waitAof);
    if (!settings.aofEnabled) {
      results.push(
        failed(
          'redis: persistence',
          'AOF is off (appendonly no): mail deleted from the mailbox is lost if Redis crashes before its next snapshot',
          'set appendonly yes (and appendfsync always) in redis.conf, or CONFIG SET appendonly yes',
        ),
      );
    } else {
      results.push(
        passed(
          'redis: persistence',
          warning ?? `AOF on, appendfsync ${settings.appendfsync ?? 'unknown (CONFIG not allowed)'}`,
        ),
      );
    }
    const policy = settings.maxmemoryPolicy;
    results.push(
      policy === undefined || policy === 'noeviction'
        ? passed('redis: maxmemory-policy', policy ?? 'not reported (assumed noeviction)')
        : failed(
            'redis: maxmemory-policy',
            `"${policy}" may evict queued mail under memory pressure; popdesk refuses to start on it`,
            'set maxmemory-policy noeviction in redis.conf, or CONFIG SET maxmemory-policy noeviction',
          ),
    );
    return { results, redis };
  } catch (error) {
    return {
      results: [failed('redis', error instanceof Error ? error.message : String(error))],
      redis,
    };
  }
}
