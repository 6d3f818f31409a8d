import type { PopdeskConfig } from '../config/index.js';
import { checkRedisDurability, type RedisDurability } from '../queue/redis-durability.js';
import { connectRedis, GIVE_UP_ON_REDIS } from './connect-redis.js';
import type { PopdeskAppDeps } from './popdesk-app-deps.js';

/**
 * Connects to Redis once, before anything else (waiting for it as `deps.redisPatience` says: by
 * default a one-shot command's ten seconds), and refuses to go on when Redis could evict queued
 * mail (`RedisSetupError`). Settings that only narrow the guarantee are logged as warnings: a
 * lazy AOF, and fewer replicas connected than `redis.minReplicas` (mail then stays in the mailbox
 * until enough replicas confirm it).
 */
export async function checkRedisAtStart(
  config: PopdeskConfig,
  deps: PopdeskAppDeps,
): Promise<RedisDurability> {
  const probe = await connectRedis({
    target: config.redis.target,
    patience: deps.redisPatience ?? GIVE_UP_ON_REDIS,
    logger: deps.logger,
  });
  try {
    const durability = await checkRedisDurability(probe);
    if (durability.warning !== undefined) deps.logger.warn({ redis: durability.version }, durability.warning);
    if (durability.replicas < config.redis.minReplicas) {
      deps.logger.warn(
        { minReplicas: config.redis.minReplicas, replicas: durability.replicas },
        `redis.minReplicas is ${config.redis.minReplicas} but Redis has ${durability.replicas} replica(s) connected: mail stays in the mailbox until enough replicas confirm it`,
      );
    }
    return durability;
  } finally {
    probe.disconnect();
  }
}
