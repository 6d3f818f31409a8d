import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk/helpdesk-error.js';
import type { InboundMail } from '../mail/index.js';
import { logExpectedFailure } from '../observability/log-failure.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { DeliveryLocks } from '../queue/delivery-locks.js';
import type { FilteredMailStore } from '../queue/filtered-mail-store.js';
import { type MailJobData, mailJobSchema } from '../queue/jobs/mail-job.js';
import type { RawMailStore } from '../queue/raw-mail-store.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { decideFailure } from './decide-failure.js';
import { type HandledMail, type HandleMailDeps, handleMail } from './handle-mail.js';
import { ThreadParentPendingError } from './thread-parent-pending-error.js';
import { type DeadLetterDetails, writeDeadLetter } from './write-dead-letter.js';

/** How long a run waits, without spending an attempt, while another run of the same mail holds its lock. */
const DELIVERY_BUSY_WAIT_MS = 2000;

/** What became of one mail job. */
export interface MailJobResult {
  readonly outcome: HandledMail['outcome'] | 'duplicate';
  /** The ticket the mail became or joined; none when it was filtered. */
  readonly ticketId?: string;
}

/** Dependencies and settings of the mail job handler. */
export interface MailJobHandlerDeps extends HandleMailDeps {
  readonly rawMail: RawMailStore;
  readonly deliveryLocks: DeliveryLocks;
  readonly ledger: TicketLedger;
  readonly deadLetters: DeadLetterStore;
  readonly filtered: FilteredMailStore;
  readonly adapter: HelpdeskAdapter;
  readonly parse: (raw: Buffer) => Promise<InboundMail>;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  /** How many Retry-After waits one mail may take before they count as attempts. */
  readonly maxWaits: number;
  /**
   * Pauses delivery because the helpdesk refuses popdesk (the helpdesk circuit); resolves with
   * when the refused mail is to be tried again.
   */
  readonly pauseDelivery: (error: HelpdeskError) => Promise<number>;
}

/**
 * Turns one queued mail into a ticket, a reply, a note or a filtered mail (see `handleMail`). Only one run of a mail goes at a time (its
 * delivery lock); a second run BullMQ starts meanwhile waits. Each step can run twice without
 * harm: a mail whose ticket is already recorded is skipped; the ledger is read again just before
 * posting; the helpdesk is asked for the Message-ID before creating when an earlier run may have posted; every call
 * carries the mail's idempotency key. A failure is retried, waited out or dead-lettered as
 * {@link decideFailure} says; a dead letter keeps the raw mail and the helpdesk's answer. A job
 * retried after it became a dead letter (Bull Board's Retry) delivers from the dead letter's raw
 * mail and removes the letter once the ticket is recorded.
 */
export function createMailJobHandler(deps: MailJobHandlerDeps) {
  return async function handleMailJob(job: Job, token?: string): Promise<MailJobResult> {
    const data = mailJobSchema.parse(job.data);
    const logger = deps.logger.child({ mailbox: data.mailboxId, ref: data.ref, messageId: data.messageId });
    const lock = await deps.deliveryLocks.acquire(data.ref);
    if (lock === undefined) {
      logger.info('another run of this mail is delivering it; waiting');
      await job.moveToDelayed(deps.now().getTime() + DELIVERY_BUSY_WAIT_MS, token);
      throw new DelayedError();
    }
    try {
      return await handleLocked(deps, job, token, data, logger, lock.lost);
    } finally {
      await lock.release();
    }
  };
}

async function handleLocked(
  deps: MailJobHandlerDeps,
  job: Job,
  token: string | undefined,
  data: MailJobData,
  logger: Logger,
  lockLost: AbortSignal,
): Promise<MailJobResult> {
  const recorded = await deps.ledger.ticketFor(data.ref);
  if (recorded !== null) {
    logger.info({ ticketId: recorded }, 'mail already has a ticket; nothing to do');
    await deps.rawMail.drop(data.ref);
    await deps.deadLetters.remove(data.ref);
    return { outcome: 'duplicate', ticketId: recorded };
  }
  const raw = await rawMailOf(deps, data.ref);
  if (raw === undefined) {
    // A run that died after filtering the mail left no raw copy: the filtered record keeps it.
    if ((await deps.filtered.existing([data.ref])).size > 0) {
      logger.debug('mail already filtered; nothing to do');
      return { outcome: 'filtered' };
    }
    if ((await deps.deadLetters.existing([data.ref])).size > 0) {
      // A dead letter without its raw mail (one for a mail too large to fetch) stays as it is.
      logger.error('retried dead letter holds no raw mail to deliver; left as it is');
      throw new UnrecoverableError('the dead letter of this mail holds no raw mail');
    }
    await writeDeadLetter(deps, data, Buffer.alloc(0), {
      reason: 'raw-missing',
      detail: 'the raw mail is missing from Redis and no ticket is recorded for it',
      attempts: job.attemptsMade + 1,
    });
    logger.error('raw mail missing: dead letter written');
    throw new UnrecoverableError('the raw mail is missing from Redis');
  }

  try {
    const mail = await deps.parse(raw);
    return await handleMail({ ...deps, logger }, mail, raw, data, lockLost, job.attemptsMade > 0);
  } catch (error) {
    const decision = decideFailure({
      error,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? deps.maxAttempts,
      waits: data.waits,
      maxWaits: deps.maxWaits,
      maxRetryAfterMs: deps.maxRetryAfterMs,
    });
    if (decision.action === 'pause-delivery') {
      await job.moveToDelayed(await deps.pauseDelivery(decision.error), token);
      throw new DelayedError();
    }
    if (decision.action === 'wait') {
      if (error instanceof ThreadParentPendingError)
        logger.info({ delayMs: decision.delayMs }, error.message);
      else
        logExpectedFailure(
          logger,
          'warn',
          { delayMs: decision.delayMs },
          error,
          'helpdesk asked to wait; retrying then',
        );
      await job.updateData({ ...data, waits: data.waits + 1 });
      await job.moveToDelayed(deps.now().getTime() + decision.delayMs, token);
      throw new DelayedError();
    }
    if (decision.action === 'dead-letter') {
      await writeDeadLetter(deps, data, raw, failureDetails(decision, error, job.attemptsMade + 1));
      logger.error(
        { reason: decision.reason, detail: decision.detail },
        'mail could not be delivered: dead letter written',
      );
      throw new UnrecoverableError(decision.detail);
    }
    // A helpdesk failing is part of the job; anything else thrown on the way is a bug to trace.
    if (error instanceof HelpdeskError)
      logExpectedFailure(
        logger,
        'warn',
        { attempt: job.attemptsMade + 1 },
        error,
        'delivery failed; will retry',
      );
    else logger.warn({ attempt: job.attemptsMade + 1, err: error }, 'delivery failed; will retry');
    throw error;
  }
}

/** The queue's raw copy, or else the complete raw mail a dead letter of this mail keeps (a retried one). */
async function rawMailOf(deps: MailJobHandlerDeps, ref: string): Promise<Buffer | undefined> {
  const queued = await deps.rawMail.take(ref);
  if (queued !== null) return queued;
  const letter = await deps.deadLetters.get(ref);
  return letter?.rawComplete === true && letter.raw.length > 0 ? letter.raw : undefined;
}

function failureDetails(
  decision: { readonly reason: DeadLetterDetails['reason']; readonly detail: string },
  error: unknown,
  attempts: number,
): DeadLetterDetails {
  return {
    reason: decision.reason,
    detail: decision.detail,
    attempts,
    ...(error instanceof HelpdeskError && error.status !== undefined ? { status: error.status } : {}),
    ...(error instanceof HelpdeskError && error.responseBody !== undefined
      ? { responseBody: error.responseBody }
      : {}),
  };
}
