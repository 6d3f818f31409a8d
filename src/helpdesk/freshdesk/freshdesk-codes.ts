import type { TicketRoute } from '../helpdesk-adapter.js';

/**
 * Freshdesk's numeric ticket codes (https://developers.freshdesk.com/api/#tickets, "Source",
 * "Status" and "Priority" tables). Only the ones popdesk sends or reads are listed.
 */
export const FRESHDESK_SOURCE_EMAIL = 1;
export const FRESHDESK_STATUS_OPEN = 2;
export const FRESHDESK_STATUS_RESOLVED = 4;
export const FRESHDESK_STATUS_CLOSED = 5;

const PRIORITY: Readonly<Record<NonNullable<TicketRoute['priority']>, number>> = {
  low: 1,
  // Freshdesk calls its second level "Medium".
  normal: 2,
  high: 3,
  urgent: 4,
};

/** The Freshdesk priority code for a routed priority; undefined leaves Freshdesk's default (Low). */
export function freshdeskPriority(priority: TicketRoute['priority']): number | undefined {
  return priority === undefined ? undefined : PRIORITY[priority];
}

/** True for the statuses after which Freshdesk considers a ticket done: Resolved and Closed. */
export function isFreshdeskDoneStatus(status: number): boolean {
  return status === FRESHDESK_STATUS_RESOLVED || status === FRESHDESK_STATUS_CLOSED;
}
