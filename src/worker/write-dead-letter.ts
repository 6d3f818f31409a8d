import type { DeadLetter, DeadLetterStore } from '../queue/dead-letter-store.js';
import type { MailJobData } from '../queue/jobs/mail-job.js';
import type { RawMailStore } from '../queue/raw-mail-store.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';

/** What writing a dead letter touches. */
export interface DeadLetterDeps {
  readonly deadLetters: DeadLetterStore;
  readonly rawMail: RawMailStore;
  readonly ledger: TicketLedger;
  readonly now: () => Date;
}

/** What a dead letter of a mail job records besides the job's own fields. */
export type DeadLetterDetails = Pick<DeadLetter, 'reason' | 'detail' | 'status' | 'responseBody'> & {
  readonly attempts: number;
};

/**
 * Keeps a mail that will get no ticket: first the dead letter with its own copy of the raw
 * mail, and only once that is written the queue's copy goes, so no failure in between can lose
 * it. Replies waiting for this mail's ticket stop waiting.
 */
export async function writeDeadLetter(
  deps: DeadLetterDeps,
  data: Pick<MailJobData, 'ref' | 'mailboxId' | 'messageId' | 'subject' | 'from'>,
  raw: Buffer,
  details: DeadLetterDetails,
): Promise<void> {
  await deps.deadLetters.add({
    id: data.ref,
    ref: data.ref,
    mailboxId: data.mailboxId,
    failedAt: deps.now().toISOString(),
    raw,
    rawComplete: raw.length > 0,
    ...details,
    ...(data.messageId !== undefined ? { messageId: data.messageId } : {}),
    ...(data.subject !== undefined ? { subject: data.subject } : {}),
    ...(data.from !== undefined ? { from: data.from } : {}),
  });
  await deps.rawMail.drop(data.ref);
  if (data.messageId !== undefined) await deps.ledger.clearPending(data.messageId);
}
