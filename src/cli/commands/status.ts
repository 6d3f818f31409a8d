import { Queue } from 'bullmq';
import { connectRedis, GIVE_UP_ON_REDIS } from '../../app/connect-redis.js';
import { createMailQueue } from '../../app/create-mail-queue.js';
import { loadConfig } from '../../config/index.js';
import { DeadLetterStore } from '../../queue/dead-letter-store.js';
import { FilteredMailStore } from '../../queue/filtered-mail-store.js';
import { HelpdeskCircuitStore } from '../../queue/helpdesk-circuit-store.js';
import { POLL_QUEUE } from '../../queue/jobs/poll-job.js';
import { PollOutcomeStore } from '../../queue/poll-outcome-store.js';
import { RedisKeys } from '../../queue/redis-keys.js';
import { gatherStatus } from '../../status/gather-status.js';
import type { CliOutput } from '../cli-output.js';
import { formatStatus } from '../format-status.js';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * `popdesk status [--json]`: what every mailbox, the queue, the kept mail and the helpdesk
 * circuit look like, read from Redis without changing anything. Resolves 0 when everything could
 * be read, 1 when a mailbox's token cache could not; a Redis that cannot be reached rejects
 * (`main` prints it and exits 2).
 */
export async function statusCommand(
  options: { config?: string; json?: boolean },
  out: CliOutput,
): Promise<number> {
  const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
  const redis = await connectRedis({ url: config.redis.url, patience: GIVE_UP_ON_REDIS });
  const keys = new RedisKeys(config.redis.prefix);
  const mailQueue = createMailQueue(redis, config);
  const pollQueue = new Queue(POLL_QUEUE, { connection: redis, prefix: config.redis.prefix });
  try {
    const status = await gatherStatus({
      config,
      configPath: options.config,
      redis,
      keys,
      mailQueue,
      pollQueue,
      pollOutcomes: new PollOutcomeStore(redis, keys),
      deadLetters: new DeadLetterStore(redis, keys),
      filtered: new FilteredMailStore(
        redis,
        keys,
        config.hygiene.retentionDays * DAY_SECONDS,
        () => new Date(),
      ),
      circuit: new HelpdeskCircuitStore(redis, keys),
      now: () => new Date(),
    });
    out.print(options.json === true ? JSON.stringify(status, null, 2) : formatStatus(status));
    const unread = status.mailboxes.filter(
      (mailbox) => mailbox.signIn.type !== 'password' && mailbox.signIn.state === 'unknown',
    );
    for (const mailbox of unread) out.error(`mailbox "${mailbox.id}": could not read its token cache`);
    return unread.length === 0 ? 0 : 1;
  } finally {
    await Promise.all([mailQueue.close(), pollQueue.close()]);
    redis.disconnect();
  }
}
