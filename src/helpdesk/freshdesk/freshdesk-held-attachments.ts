import { readArray, readNumber } from '../shared/json-fields.js';
import type { FreshdeskClient } from './freshdesk-client.js';

/** Largest page List All Conversations of a Ticket returns (`per_page`, max 100). */
const CONVERSATIONS_PER_PAGE = 100;

/**
 * Bytes of files a Freshdesk ticket already holds: the ticket's own `attachments` (View a
 * Ticket) plus those of every conversation, its replies and notes (List All Conversations of a
 * Ticket, `GET /api/v2/tickets/{id}/conversations`, paged by `page`/`per_page`). Each attachment
 * object carries its `size` in bytes (https://developers.freshdesk.com/api/#view_a_ticket,
 * #list_all_ticket_notes). Freshdesk's 20 MB limit counts all of them, so a note's files are
 * budgeted against what is left.
 */
export async function freshdeskHeldAttachmentBytes(
  api: FreshdeskClient,
  ticketPath: string,
): Promise<number> {
  const ticket = await api.call({ method: 'get', path: `/api/v2/tickets/${ticketPath}` });
  let held = attachmentBytes(ticket.body);
  for (let page = 1; ; page += 1) {
    const answer = await api.call({
      method: 'get',
      path: `/api/v2/tickets/${ticketPath}/conversations?per_page=${CONVERSATIONS_PER_PAGE}&page=${page}`,
    });
    const conversations = Array.isArray(answer.body) ? answer.body : [];
    for (const conversation of conversations) held += attachmentBytes(conversation);
    if (conversations.length < CONVERSATIONS_PER_PAGE) return held;
  }
}

/** The summed `size` of an object's `attachments`; an attachment without a size counts 0. Pure. */
export function attachmentBytes(owner: unknown): number {
  return readArray(owner, 'attachments').reduce<number>(
    (sum, attachment) => sum + (readNumber(attachment, 'size') ?? 0),
    0,
  );
}
