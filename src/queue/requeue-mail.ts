import type { Queue } from 'bullmq';
import { MAIL_JOB, type MailJobData } from './jobs/mail-job.js';
import type { RawMailStore } from './raw-mail-store.js';

/** A kept mail a person may send back to the workers: a filtered mail or a dead letter. */
export interface KeptMail {
  /** The mail's ref: its raw copy's key and its job's id. */
  readonly ref: string;
  readonly mailboxId: string;
  readonly raw: Buffer;
  /** False when only the headers were kept (a mail too large to fetch, or one never fetched). */
  readonly rawComplete: boolean;
  readonly messageId?: string;
  readonly subject?: string;
  readonly from?: string;
}

/** What the requeue touches: the mail queue (made with the app's job options) and the raw copies. */
export interface RequeueDeps {
  readonly queue: Queue;
  readonly rawMail: RawMailStore;
  readonly now: () => Date;
}

/** What became of one mail handed to {@link requeueMail}; only `requeued` changed anything. */
export type RequeueOutcome =
  | { readonly kind: 'requeued' }
  /** Only its headers were kept: there is nothing a worker could deliver. */
  | { readonly kind: 'headers-only' }
  /** A job of this mail is still running or waiting (BullMQ state in `state`); it ends on its own. */
  | { readonly kind: 'job-unfinished'; readonly state: string };

/** Job states that belong to a finished run, whose job may be removed to make room for the new one. */
const FINISHED_STATES: ReadonlySet<string> = new Set(['completed', 'failed', 'unknown']);

/**
 * Moves a kept mail back into the normal worker path, so every guarantee of that path holds for
 * it (thread lookups, the ledger's idempotency, the reconciler, dead letters). The new job has
 * the mail's ref as its id, as the reconciler expects, and `requeued: true`, so the worker
 * delivers it as a normal mail past hygiene and the rate limit. `forget` removes the record the
 * mail was kept in (the filtered mail or the dead letter).
 *
 * The steps and what a crash after each leaves (the raw bytes are never only in memory):
 * 1. the old job (completed or failed) is removed: the record still holds the mail; running
 *    the requeue again goes on;
 * 2. the raw copy is stored under the ref: the record and a raw copy; the reconciler ignores a
 *    copy whose ref is a dead letter; a filtered mail's copy, once older than its grace, becomes
 *    an `orphaned` dead letter (the mail is then kept twice, not lost); running the requeue again
 *    goes on;
 * 3. the record is removed: a raw copy with no job, which the reconciler turns into an
 *    `orphaned` dead letter (requeue that one);
 * 4. the job is added: done; a worker delivers it when one runs.
 * The record goes before the job is added: a worker taking the job at once could otherwise
 * write a new dead letter for it (same id) that step 4 would then delete with its raw mail.
 * Running it again, or twice at once, adds one job at most: BullMQ ignores an add whose job id exists.
 */
export async function requeueMail(
  deps: RequeueDeps,
  mail: KeptMail,
  forget: () => Promise<void>,
): Promise<RequeueOutcome> {
  if (!mail.rawComplete || mail.raw.length === 0) return { kind: 'headers-only' };
  const state = await deps.queue.getJobState(mail.ref);
  if (!FINISHED_STATES.has(state)) return { kind: 'job-unfinished', state };
  // 0: a worker locked the job since the state was read (a retry from a dashboard); it stays.
  if (state !== 'unknown' && (await deps.queue.remove(mail.ref)) === 0)
    return { kind: 'job-unfinished', state: 'active' };
  const now = deps.now();
  await deps.rawMail.put(mail.ref, mail.raw, now);
  await forget();
  const data: MailJobData = {
    mailboxId: mail.mailboxId,
    ref: mail.ref,
    uidl: 'requeued',
    size: mail.raw.length,
    fetchedAt: now.toISOString(),
    waits: 0,
    revived: 0,
    requeued: true,
    ...(mail.messageId !== undefined ? { messageId: mail.messageId } : {}),
    ...(mail.subject !== undefined ? { subject: mail.subject } : {}),
    ...(mail.from !== undefined ? { from: mail.from } : {}),
  };
  await deps.queue.add(MAIL_JOB, data, { jobId: mail.ref });
  return { kind: 'requeued' };
}
