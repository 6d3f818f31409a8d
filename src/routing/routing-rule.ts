import type { TicketRoute } from '../helpdesk/helpdesk-adapter.js';

/**
 * When a rule applies. Every condition given must hold (AND); within one list any entry may
 * match (OR). An empty `match` matches every mail.
 */
export interface RouteMatch {
  /** Mailbox ids the mail was fetched from. */
  readonly mailbox?: readonly string[];
  /**
   * Recipient addresses (`sales@example.com`) or domains (`@example.com`), compared with To,
   * Cc and Delivered-To: the address the customer wrote to.
   */
  readonly to?: readonly string[];
  /** Sender addresses or domains (`@bigcorp.com`, which also covers `eu.bigcorp.com`). */
  readonly from?: readonly string[];
  /** A regular expression the decoded subject must match. */
  readonly subject?: RegExp;
}

/** One routing rule: where matching mail goes. Rules are tried in order; the first match wins. */
export interface RoutingRule {
  /** A name for logs; defaults to the rule's position. */
  readonly name: string;
  readonly match: RouteMatch;
  readonly route: TicketRoute;
}
