import type { InboundMail } from '../mail/inbound-mail.js';

/** What a worker hands an adapter for one mail. */
export interface TicketRequest {
  readonly mail: InboundMail;
  /** The mailbox the mail came from, as configured. */
  readonly mailboxId: string;
  /**
   * Stable across every retry of this mail: an adapter sends it where the helpdesk can use it
   * to ignore a repeated request (an `Idempotency-Key` header, an external id).
   */
  readonly idempotencyKey: string;
}

/** The helpdesk's own id of the ticket a mail became or was added to. */
export interface TicketResult {
  readonly ticketId: string;
}

/**
 * One helpdesk system behind one interface. Adapters map an {@link InboundMail} to the system's
 * API and turn its failures into {@link HelpdeskError}s; they hold no state of their own, so a
 * retried call is safe as long as the helpdesk honours the idempotency key or the lookup.
 */
export interface HelpdeskAdapter {
  /** A short name for logs (`webhook`, `rt`). */
  readonly name: string;
  /** Opens a ticket from the mail. */
  createTicket(request: TicketRequest): Promise<TicketResult>;
  /** Adds the mail to an existing ticket as the customer's reply. */
  addReply(ticketId: string, request: TicketRequest): Promise<TicketResult>;
  /**
   * The ticket that already holds this Message-ID, when the helpdesk can be asked; adapters
   * that cannot leave it out, and rely on the idempotency key instead.
   */
  findTicketByMessageId?(messageId: string): Promise<string | undefined>;
}
