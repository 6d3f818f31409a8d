/**
 * Freshdesk's default ticket tag in notification subjects: `[#{{ticket.id}}]` ("Why is a
 * customer's reply to a ticket creating a new ticket", support.freshdesk.com article 226802).
 * An account with a ticket-id prefix (Admin > Email > Advanced settings) configures its own
 * pattern, e.g. `\[#Acme-(\d+)\]`.
 */
export const DEFAULT_FRESHDESK_SUBJECT_PATTERN = /\[#(\d+)\]/;

/** Longest search query Freshdesk takes, quotes included (Filter Tickets, note 4). */
const MAX_QUERY_LENGTH = 512;

/** The ticket id a subject's tag names, from the pattern's first capture group. Pure. */
export function ticketIdInSubject(subject: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(subject);
  const id = match?.[1];
  return id !== undefined && /^\d+$/.test(id) ? id : undefined;
}

/**
 * The `query` parameter of `GET /api/v2/search/tickets` that finds a ticket by the value of a
 * single-line text custom field: `"cf_field:'value'"`. Undefined when the value cannot be written
 * in Freshdesk's query syntax, which documents no escaping: it holds a quote or backslash, or the
 * query would pass 512 characters.
 */
export function messageIdSearchQuery(field: string, messageId: string): string | undefined {
  if (/['"\\]/.test(messageId)) return undefined;
  const query = `"${field}:'${messageId}'"`;
  return query.length <= MAX_QUERY_LENGTH ? query : undefined;
}
