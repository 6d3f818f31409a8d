import type { HelpdeskAdapter, TicketRequest, TicketRoute } from '../../../src/helpdesk/helpdesk-adapter.js';
import { parseMail } from '../../../src/mail/parse-mail.js';

/** A request for the raw mail, parsed as the worker parses it. */
export async function parsedRequest(
  raw: Buffer,
  route: TicketRoute = { tags: [] },
  idempotencyKey = 'm-0001',
): Promise<TicketRequest> {
  return { mail: await parseMail(raw), raw, mailboxId: 'support', idempotencyKey, route };
}

/** The worker's path for a mail without a known thread: ask the helpdesk, create only if it has none. */
export async function deliver(
  target: Required<Pick<HelpdeskAdapter, 'createTicket' | 'findTicketByMessageId'>>,
  ticketRequest: TicketRequest,
): Promise<string> {
  const found = await target.findTicketByMessageId(ticketRequest.mail.messageId);
  return found ?? (await target.createTicket(ticketRequest)).ticketId;
}
