import { type Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { PopdeskConfig } from '../config/index.js';
import { POLL_QUEUE, pollJobSchema } from '../queue/jobs/poll-job.js';
import type { RedisClient } from '../queue/redis-client.js';
import type { MailboxPoller } from './mailbox-poller.js';

/** What {@link startPollWorker} needs. */
export interface PollWorkerDeps {
  readonly poller: MailboxPoller;
  /** A blocking connection of the worker's own. */
  readonly connection: RedisClient;
  readonly config: PopdeskConfig;
  readonly logger: Logger;
}

/**
 * The BullMQ worker that runs each scheduled poll job: one poll of that mailbox under its lock.
 * One job per mailbox can run at once, so a slow mailbox does not hold up the others.
 */
export function startPollWorker(deps: PollWorkerDeps): Worker {
  const { poller, connection, config, logger } = deps;
  return new Worker(
    POLL_QUEUE,
    async (job: Job) => {
      const { mailboxId } = pollJobSchema.parse(job.data);
      await poller.pollScheduled(mailboxId, logger);
    },
    { connection, prefix: config.redis.prefix, concurrency: Math.max(1, config.mailboxes.length) },
  );
}
