import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { HelpdeskError } from '../helpdesk/errors/helpdesk-error.js';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { InboundMail } from '../mail/inbound-mail.js';
import type { DeadLetter, DeadLetterStore } from '../queue/dead-letter-store.js';
import { type MailJobData, mailJobSchema } from '../queue/jobs/mail-job.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { decideFailure } from './decide-failure.js';
import { type DeliveryDeps, type DeliveryResult, deliverMail } from './deliver-mail.js';
import { ThreadParentPendingError } from './errors/thread-parent-pending-error.js';

/** What became of one mail job. */
export interface MailJobResult {
  readonly outcome: DeliveryResult['outcome'] | 'duplicate';
  readonly ticketId: string;
}

/** Dependencies and settings of the mail job handler. */
export interface MailJobHandlerDeps extends DeliveryDeps {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly ledger: TicketLedger;
  readonly deadLetters: DeadLetterStore;
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
 * Turns one queued mail into a ticket or a reply. Each step can run twice without harm: a mail
 * whose ticket is already recorded is skipped; a reply goes to the ticket the ledger knows; the
 * helpdesk is asked for the Message-ID before creating where it can be; every call carries the
 * mail's idempotency key. A failure is retried, waited out or dead-lettered as
 * {@link decideFailure} says; a dead letter keeps the raw mail and the helpdesk's answer.
 */
export function createMailJobHandler(deps: MailJobHandlerDeps) {
  return async function handleMailJob(job: Job, token?: string): Promise<MailJobResult> {
    const data = mailJobSchema.parse(job.data);
    const logger = deps.logger.child({ mailbox: data.mailboxId, ref: data.ref, messageId: data.messageId });

    const recorded = await deps.ledger.ticketFor(data.ref);
    if (recorded !== null) {
      logger.info({ ticketId: recorded }, 'mail already has a ticket; nothing to do');
      await deps.redis.del(deps.keys.raw(data.ref));
      return { outcome: 'duplicate', ticketId: recorded };
    }
    const raw = await deps.redis.getBuffer(deps.keys.raw(data.ref));
    if (raw === null) {
      await deadLetter(deps, data, job, Buffer.alloc(0), {
        reason: 'raw-missing',
        detail: 'the raw mail is missing from Redis and no ticket is recorded for it',
      });
      logger.error('raw mail missing: dead letter written');
      throw new UnrecoverableError('the raw mail is missing from Redis');
    }

    try {
      const mail = await deps.parse(raw);
      const result = await deliverMail(deps, mail, raw, data);
      await deps.ledger.record(data.ref, mail.messageId, result.ticketId, participantsOf(mail));
      logger.info(
        { ticketId: result.ticketId, outcome: result.outcome, helpdesk: deps.adapter.name },
        result.outcome === 'replied' ? 'reply added to ticket' : 'ticket created',
      );
      return result;
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
        else logger.warn({ delayMs: decision.delayMs, err: error }, 'helpdesk asked to wait; retrying then');
        await job.updateData({ ...data, waits: data.waits + 1 });
        await job.moveToDelayed(deps.now().getTime() + decision.delayMs, token);
        throw new DelayedError();
      }
      if (decision.action === 'dead-letter') {
        await deadLetter(deps, data, job, raw, {
          reason: decision.reason,
          detail: decision.detail,
          ...(error instanceof HelpdeskError && error.status !== undefined ? { status: error.status } : {}),
          ...(error instanceof HelpdeskError && error.responseBody !== undefined
            ? { responseBody: error.responseBody }
            : {}),
        });
        logger.error(
          { reason: decision.reason, detail: decision.detail },
          'mail could not be delivered: dead letter written',
        );
        throw new UnrecoverableError(decision.detail);
      }
      logger.warn({ attempt: job.attemptsMade + 1, err: error }, 'delivery failed; will retry');
      throw error;
    }
  };
}

async function deadLetter(
  deps: MailJobHandlerDeps,
  data: MailJobData,
  job: Job,
  raw: Buffer,
  details: Pick<DeadLetter, 'reason' | 'detail' | 'status' | 'responseBody'>,
): Promise<void> {
  await deps.deadLetters.add({
    id: data.ref,
    ref: data.ref,
    mailboxId: data.mailboxId,
    failedAt: deps.now().toISOString(),
    attempts: job.attemptsMade + 1,
    raw,
    rawComplete: raw.length > 0,
    ...details,
    ...(data.messageId !== undefined ? { messageId: data.messageId } : {}),
    ...(data.subject !== undefined ? { subject: data.subject } : {}),
    ...(data.from !== undefined ? { from: data.from } : {}),
  });
  // The dead letter holds its own copy; the queue's copy would otherwise stay forever.
  await deps.redis.del(deps.keys.raw(data.ref));
  // Replies to this mail must not wait for a ticket that will never exist.
  if (data.messageId !== undefined) await deps.ledger.clearPending(data.messageId);
}

/** Everyone on the mail, who may later reply into its ticket. */
function participantsOf(mail: InboundMail): string[] {
  return [mail.from, ...mail.to, ...mail.cc].flatMap((address) => (address ? [address.address] : []));
}
