import { peekHeaders } from '../mail/index.js';
import type { DeadLetter } from '../queue/dead-letter-store.js';
import type { Cycle } from './poll-cycle.js';

/** What sets one dead letter of a mail that could not be fetched whole apart from another. */
export interface HeadDeadLetterFields {
  readonly ref: string;
  readonly reason: DeadLetter['reason'];
  readonly detail: string;
  readonly attempts: number;
}

/**
 * A dead letter for a mail popdesk never read whole (too large, or refused by the server): it
 * keeps only `head`, the headers from TOP or the first bytes of a RETR cut off, and takes
 * Message-ID, Subject and From from them. `head` is empty when the server offers no TOP.
 */
export function headDeadLetter(
  { settings, deps }: Cycle,
  head: Buffer,
  fields: HeadDeadLetterFields,
): DeadLetter {
  return {
    id: fields.ref,
    ref: fields.ref,
    mailboxId: settings.id,
    reason: fields.reason,
    detail: fields.detail,
    failedAt: deps.now().toISOString(),
    attempts: fields.attempts,
    raw: head,
    rawComplete: false,
    ...(head.length > 0 ? peekHeaders(head) : {}),
  };
}
