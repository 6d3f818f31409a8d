import type { TicketRequest, TicketRoute } from '../helpdesk/helpdesk-adapter.js';
import type { MailClassification } from '../hygiene/mail-classification.js';
import type { InboundMail } from '../mail/index.js';
import type { MailJobData } from '../queue/jobs/mail-job.js';

/**
 * What an adapter gets for one mail, whether it opens a ticket, adds a reply or a note: the
 * mail's ref is its idempotency key on every retry.
 */
export function ticketRequest(
  mail: InboundMail,
  raw: Buffer,
  data: Pick<MailJobData, 'mailboxId' | 'ref'>,
  route: (mail: InboundMail, mailboxId: string) => TicketRoute,
  classification: MailClassification | undefined,
): TicketRequest {
  return {
    mail,
    raw,
    mailboxId: data.mailboxId,
    idempotencyKey: data.ref,
    route: route(mail, data.mailboxId),
    ...(classification !== undefined ? { classification } : {}),
  };
}
