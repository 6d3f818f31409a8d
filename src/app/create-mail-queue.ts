import { Queue } from 'bullmq';
import type { PopdeskConfig } from '../config/index.js';
import { MAIL_QUEUE } from '../queue/jobs/mail-job.js';
import type { RedisClient } from '../queue/redis-client.js';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The mail queue on `connection`, with the job options every mail job gets: the configured
 * attempts, popdesk's own backoff (the worker's `backoffStrategy`), completed jobs kept a day
 * and failed ones as long as the de-duplication records. The app's producers and
 * `popdesk ... requeue` add through a queue made here, so a requeued mail is retried like any other.
 */
export function createMailQueue(connection: RedisClient, config: PopdeskConfig): Queue {
  return new Queue(MAIL_QUEUE, {
    connection,
    prefix: config.redis.prefix,
    defaultJobOptions: {
      attempts: config.worker.attempts,
      backoff: { type: 'popdesk' },
      removeOnComplete: { age: DAY_SECONDS, count: 10_000 },
      removeOnFail: { age: config.dedupe.retentionDays * DAY_SECONDS },
    },
  });
}
