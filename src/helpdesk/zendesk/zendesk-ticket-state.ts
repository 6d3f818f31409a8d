import type { TicketState } from '../helpdesk-adapter.js';

/**
 * A Zendesk ticket's state for threading, from its `status` (new, open, pending, hold, solved,
 * closed). Solved and closed are both closed; only solved can be reopened, a closed ticket takes
 * no update at all and a reply needs a follow-up ticket. A ticket merged into another is closed
 * with the `closed_by_merge` tag, but the ticket object does not say into which ticket, so it is
 * reported closed, not merged. Pure.
 */
export function zendeskTicketState(ticket: { readonly status?: unknown }): TicketState {
  return ticket.status === 'solved' || ticket.status === 'closed' ? { kind: 'closed' } : { kind: 'open' };
}
