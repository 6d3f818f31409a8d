import { asRecord, readArray } from '../shared/json-fields.js';
import type { ZendeskClient } from './zendesk-client.js';
import { MESSAGE_ID_METADATA_KEY } from './zendesk-payload.js';

/** Audit pages read when checking whether a mail is already on a ticket (100 audits each). */
export const MAX_AUDIT_PAGES = 20;

/**
 * True when an audit of the ticket records this Message-ID in its custom metadata: a reply or
 * note popdesk added before (Ticket Audits; `metadata.custom` holds what the update's `metadata`
 * said). Follows `next_page`, or `links.next` while `meta.has_more`, for at most
 * {@link MAX_AUDIT_PAGES} pages.
 */
export async function auditsHoldMessage(
  api: ZendeskClient,
  ticketPath: string,
  messageId: string,
): Promise<boolean> {
  let path: string | undefined = `/api/v2/tickets/${ticketPath}/audits.json`;
  for (let page = 0; path !== undefined && page < MAX_AUDIT_PAGES; page += 1) {
    const answer = await api.call({ method: 'get', path });
    const body = asRecord(answer.body);
    const found = readArray(answer.body, 'audits').some(
      (audit) =>
        asRecord(asRecord(asRecord(audit)?.metadata)?.custom)?.[MESSAGE_ID_METADATA_KEY] === messageId,
    );
    if (found) return true;
    const next =
      asRecord(body?.meta)?.has_more === true ? asRecord(body?.links)?.next : (body?.next_page ?? undefined);
    path = typeof next === 'string' ? api.pathOf(next) : undefined;
  }
  return false;
}
