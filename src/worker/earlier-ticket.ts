import type { Logger } from 'pino';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { InboundMail } from '../mail/index.js';
import { IMPORT_MAILBOX_ID, type MailJobData } from '../queue/jobs/mail-job.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { helpdeskLookupReason } from './helpdesk-lookup-reason.js';

/** What {@link earlierTicket} needs. */
export interface EarlierTicketDeps {
  readonly adapter: HelpdeskAdapter;
  readonly ledger: TicketLedger;
  readonly logger: Logger;
}

/**
 * The ticket an earlier attempt already made of this mail, found by asking the helpdesk for
 * its Message-ID, but only when popdesk's records say an earlier attempt may have posted it
 * (see {@link helpdeskLookupReason}); otherwise undefined without a helpdesk request.
 * `retried` says this run is not the job's first.
 */
export async function earlierTicket(
  deps: EarlierTicketDeps,
  mail: InboundMail,
  data: MailJobData,
  retried: boolean,
): Promise<string | undefined> {
  const find = deps.adapter.findTicketByMessageId;
  if (find === undefined) return undefined;
  const marks = await deps.ledger.marksOf(data.ref, mail.messageId);
  const reason = helpdeskLookupReason({
    messageIdKnown: marks.messageIdKnown,
    postingMarked: marks.postingMarked,
    retried: retried || data.revived > 0,
    requeued: data.requeued,
    twinQueued: marks.pendingRef !== null && marks.pendingRef !== data.ref,
    takenInAfterDataLoss:
      marks.recheckUntil !== null && Date.parse(data.fetchedAt) <= Date.parse(marks.recheckUntil),
    imported: data.mailboxId === IMPORT_MAILBOX_ID,
  });
  if (reason === undefined) return undefined;
  deps.logger.debug({ reason }, 'asking the helpdesk whether it already has this mail');
  return find.call(deps.adapter, mail.messageId);
}
