import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { peekHeaders } from '../mail/index.js';
import type { FilteredMailStore } from '../queue/filtered-mail-store.js';
import { mailJobSchema } from '../queue/jobs/mail-job.js';
import { failedJobReason } from './failed-job-reason.js';
import type { DeadLetterDeps } from './write-dead-letter.js';
import { writeDeadLetter } from './write-dead-letter.js';

/**
 * The mail workers' BullMQ `maxStalledCount`: a job whose workers died more often than this is
 * failed by BullMQ (and dead-lettered here). A mail that kills every worker touching it, say by
 * exhausting memory, must not kill them forever.
 */
export const MAX_STALLED_COUNT = 1;

/**
 * How often a job whose runs died while posting is sent back instead of dead-lettered. Such a
 * run may have created the ticket; the next run finds it (ledger, helpdesk lookup, idempotency
 * key), where a dead letter would leave the mail both a ticket and a dead letter. BullMQ keeps a
 * job's stall count across a retry, so a revived job fails again on its next death: one revival
 * was spent by a crash loop in a single run of `npm run chaos`. Three still stop a mail that
 * kills every worker posting it (each revival costs one more worker) after a handful of deaths.
 */
const MAX_REVIVALS = 3;

/** A raw copy with no job counts as orphaned only after this long: the intake adds the job after it. */
export const ORPHAN_GRACE_MS = 10 * 60_000;

/** What the reconciler reads and writes. */
export interface ReconcileDeps extends DeadLetterDeps {
  readonly queue: Queue;
  /** A mail kept back by the hygiene policy has its outcome, though no ticket and no dead letter. */
  readonly filtered: FilteredMailStore;
  readonly logger: Logger;
  /** BullMQ's `maxStalledCount` of the mail workers: a job stalled more often was failed for it. */
  readonly maxStalledCount: number;
  /**
   * A raw copy younger than this may still be waiting for its job to be added (the intake stores
   * the raw mail first), so only older copies without a job count as orphaned.
   */
  readonly orphanGraceMs: number;
}

/** What one reconciliation did: refs turned into dead letters, and jobs sent back to the queue. */
export interface Reconciliation {
  readonly deadLettered: string[];
  readonly revived: string[];
}

/**
 * Makes sure every way a mail job can end ends in a ticket or a dead letter holding the raw
 * mail, including the ways the job handler never sees: BullMQ failing a job whose workers died
 * too often (`maxStalledCount`), an error thrown before or after the handler's own dead-letter
 * code (Redis failing under it, `deadLetters.add` itself failing). It works from what Redis
 * holds, not from events, so it holds when the process that would have reacted was killed:
 * any worker process runs it at start and then periodically, and running it twice, or in two
 * processes at once, writes the same dead letter twice at worst.
 * 1. Failed mail jobs with no ticket, dead letter or filtered record become dead letters, except one
 *    BullMQ failed because its runs died while posting it: that one is retried (a few times).
 * 2. Raw copies older than `orphanGraceMs` whose job is gone become dead letters too.
 */
export async function reconcileMailJobs(deps: ReconcileDeps): Promise<Reconciliation> {
  const deadLettered: string[] = [];
  const revived: string[] = [];
  const failed = await withoutOutcome(deps, await deps.queue.getRanges(['failed'], 0, -1));
  const posting = await deps.ledger.postingAmong(failed);
  for (const ref of failed) {
    const job = await deps.queue.getJob(ref);
    // Retried (or removed) since the listing: the job is someone else's business again.
    if (job === undefined || !(await job.isFailed())) continue;
    if (await reviveIfPosting(deps, job, posting.has(ref))) revived.push(ref);
    else {
      await deadLetterFailedJob(deps, job, ref, posting.has(ref));
      deadLettered.push(ref);
    }
  }
  const stored = await deps.rawMail.storedBefore(new Date(deps.now().getTime() - deps.orphanGraceMs));
  for (const ref of await withoutOutcome(deps, stored)) {
    if ((await deps.queue.getJobState(ref)) !== 'unknown') continue;
    const raw = await deps.rawMail.take(ref);
    if (raw === null) continue;
    // The job held the mailbox and headers; the raw mail still tells a person what it is.
    await writeDeadLetter(deps, { ref, mailboxId: 'unknown', ...peekHeaders(raw) }, raw, {
      reason: 'orphaned',
      detail: 'the raw mail was queued but its job is gone (Redis lost it, or it was removed by hand)',
      attempts: 0,
    });
    deps.logger.error({ ref }, 'raw mail without a job: dead letter written');
    deadLettered.push(ref);
  }
  return { deadLettered, revived };
}

/** Sends a stalled job whose run died while posting back to the queue, at most {@link MAX_REVIVALS} times. */
async function reviveIfPosting(deps: ReconcileDeps, job: Job, posting: boolean): Promise<boolean> {
  const parsed = mailJobSchema.safeParse(job.data);
  if (!posting || !parsed.success || parsed.data.revived >= MAX_REVIVALS) return false;
  if (failedJobReason(job, deps.maxStalledCount).reason !== 'stalled') return false;
  await job.updateData({ ...parsed.data, revived: parsed.data.revived + 1 });
  await job.retry('failed');
  deps.logger.warn(
    { ref: parsed.data.ref, stalledCounter: job.stalledCounter },
    'a mail job whose workers died while posting it was failed by BullMQ; retrying it, the retry finds its ticket',
  );
  return true;
}

/** Those of `refs` that have no recorded ticket, dead letter or filtered record, in three round trips. */
async function withoutOutcome(deps: ReconcileDeps, refs: readonly string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const [tickets, dead, filtered] = await Promise.all([
    deps.ledger.ticketsFor(refs),
    deps.deadLetters.existing(refs),
    deps.filtered.existing(refs),
  ]);
  return refs.filter((ref, i) => (tickets[i] ?? null) === null && !dead.has(ref) && !filtered.has(ref));
}

async function deadLetterFailedJob(
  deps: ReconcileDeps,
  job: Job,
  ref: string,
  posting: boolean,
): Promise<void> {
  const parsed = mailJobSchema.safeParse(job.data);
  const data = parsed.success ? parsed.data : { ref, mailboxId: 'unknown' };
  const raw = (await deps.rawMail.take(ref)) ?? Buffer.alloc(0);
  const failure = failedJobReason(job, deps.maxStalledCount);
  // A requeue goes through the normal path, which finds a ticket an earlier run created.
  const detail = posting
    ? `${failure.detail}; a run died while posting it, so the helpdesk may hold its ticket already`
    : failure.detail;
  const { reason } = failure;
  await writeDeadLetter(deps, data, raw, { reason, detail, attempts: job.attemptsMade });
  deps.logger.error(
    { ref, reason, failedReason: job.failedReason },
    'failed mail job without a dead letter: dead letter written',
  );
}
