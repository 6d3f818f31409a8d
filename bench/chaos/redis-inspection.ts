import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../src/queue/redis-keys.js';

/** A dead letter as the chaos report shows it (its raw mail only by size). */
export interface InspectedDeadLetter {
  readonly id: string;
  readonly messageId: string;
  readonly reason: string;
  readonly detail: string;
  readonly rawBytes: number;
}

/** A mail job as the chaos report shows it. */
export interface InspectedJob {
  readonly id: string;
  readonly state: string;
  readonly messageId: string;
  readonly attemptsMade: number;
  readonly failedReason?: string;
  /** True when popdesk's ledger records the mail's ticket. */
  readonly hasTicket: boolean;
}

/** A raw copy still in Redis, and the state of the job that should own it. */
export interface LeftoverRaw {
  readonly ref: string;
  /** `missing` when no job refers to it: the copy will never be delivered nor expire by itself. */
  readonly jobState: string;
  readonly hasTicket: boolean;
}

/** What Redis holds once the run is over. */
export interface RedisFindings {
  readonly deadLetters: readonly InspectedDeadLetter[];
  readonly jobs: readonly InspectedJob[];
  readonly leftoverRaw: readonly LeftoverRaw[];
}

const JOB_STATES = [
  'completed',
  'failed',
  'active',
  'waiting',
  'delayed',
  'prioritized',
  'waiting-children',
] as const;

/** Reads the dead letters, every mail job and every raw copy left, without changing anything. */
export async function inspectRedis(redis: Redis, keys: RedisKeys, mailQueue: Queue): Promise<RedisFindings> {
  const deadLetters: InspectedDeadLetter[] = [];
  for (const id of await redis.zrange(keys.deadLetterIndex(), '0', '-1')) {
    const [messageId, reason, detail] = await redis.hmget(
      keys.deadLetter(id),
      'messageId',
      'reason',
      'detail',
    );
    const rawBytes = await redis.hstrlen(keys.deadLetter(id), 'raw');
    deadLetters.push({
      id,
      messageId: messageId ?? '',
      reason: reason ?? '',
      detail: detail ?? '',
      rawBytes,
    });
  }

  const jobs: InspectedJob[] = [];
  const stateOf = new Map<string, string>();
  for (const state of JOB_STATES) {
    for (const job of await mailQueue.getJobs([state], 0, -1)) {
      if (job?.id === undefined) continue;
      stateOf.set(job.id, state);
      const data = job.data as { messageId?: unknown };
      jobs.push({
        id: job.id,
        state,
        messageId: typeof data.messageId === 'string' ? data.messageId : '',
        attemptsMade: job.attemptsMade,
        hasTicket: (await redis.exists(keys.ticket(job.id))) === 1,
        ...(job.failedReason !== undefined ? { failedReason: job.failedReason } : {}),
      });
    }
  }

  const leftoverRaw: LeftoverRaw[] = [];
  const rawPrefix = keys.raw('');
  for await (const batch of redis.scanStream({ match: `${rawPrefix}*`, count: 500 })) {
    for (const key of batch as string[]) {
      const ref = key.slice(rawPrefix.length);
      leftoverRaw.push({
        ref,
        jobState: stateOf.get(ref) ?? 'missing',
        hasTicket: (await redis.exists(keys.ticket(ref))) === 1,
      });
    }
  }
  return { deadLetters, jobs, leftoverRaw };
}

/**
 * How many failed mail jobs have neither a recorded ticket nor a dead letter: mail that popdesk's
 * reconciler has still to deal with, or that it missed.
 */
export async function countStranded(redis: Redis, keys: RedisKeys, mailQueue: Queue): Promise<number> {
  const ids = (await mailQueue.getRanges(['failed'], 0, -1)).filter((id) => id !== undefined);
  if (ids.length === 0) return 0;
  const [tickets, dead] = await Promise.all([
    redis.mget(ids.map((id) => keys.ticket(id))),
    redis.zmscore(keys.deadLetterIndex(), ...ids),
  ]);
  return ids.filter((_, i) => tickets[i] === null && dead[i] === null).length;
}
