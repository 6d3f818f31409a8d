import { Queue } from 'bullmq';
import { connectRedis, GIVE_UP_ON_REDIS } from '../app/connect-redis.js';
import { createMailQueue } from '../app/create-mail-queue.js';
import type { PopdeskConfig } from '../config/index.js';
import { HelpdeskCircuitStore } from '../queue/helpdesk-circuit-store.js';
import { POLL_QUEUE } from '../queue/jobs/poll-job.js';
import { PollOutcomeStore } from '../queue/poll-outcome-store.js';
import { RedisKeys } from '../queue/redis-keys.js';
import { gatherStatus } from './gather-status.js';
import type { PopdeskStatus } from './popdesk-status.js';

/**
 * Reads popdesk's status from `config`'s Redis on a connection of its own, closed before it
 * resolves. `configPath` is the file the config came from, named in the sign-in command a
 * mailbox that needs one is shown. Rejects with `RedisUnreachableError` or `RedisAuthError` when
 * Redis cannot be reached or refuses the credentials.
 */
export async function readStatus(config: PopdeskConfig, configPath?: string): Promise<PopdeskStatus> {
  const redis = await connectRedis({ target: config.redis.target, patience: GIVE_UP_ON_REDIS });
  const keys = new RedisKeys(config.redis.prefix);
  const mailQueue = createMailQueue(redis, config);
  const pollQueue = new Queue(POLL_QUEUE, { connection: redis, prefix: config.redis.prefix });
  try {
    return await gatherStatus({
      config,
      configPath,
      redis,
      keys,
      mailQueue,
      pollQueue,
      pollOutcomes: new PollOutcomeStore(redis, keys),
      circuit: new HelpdeskCircuitStore(redis, keys),
      now: () => new Date(),
    });
  } finally {
    await Promise.all([mailQueue.close(), pollQueue.close()]);
    redis.disconnect();
  }
}
