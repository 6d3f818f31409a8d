import type { MailClassification } from '../hygiene/mail-classification.js';
import type { InboundMail } from '../mail/index.js';
import type { HelpdeskSetupCheck } from './helpdesk-setup-check.js';

/** Where a ticket goes and how it is marked, as the routing rules decided. */
export interface TicketRoute {
  /**
   * The adapter's destination: an RT queue name, a Zammad group name, an osTicket help topic id,
   * a Freshdesk or Zendesk group id. Undefined: the adapter's configured default.
   */
  readonly target?: string;
  readonly priority?: 'low' | 'normal' | 'high' | 'urgent';
  readonly tags: readonly string[];
}

/** What a worker hands an adapter for one mail. */
export interface TicketRequest {
  readonly mail: InboundMail;
  /** The raw message, byte for byte as fetched: for systems that take a whole mail, and for the headers. */
  readonly raw: Buffer;
  /** The mailbox the mail came from, as configured. */
  readonly mailboxId: string;
  /**
   * Stable across every retry of this mail: an adapter sends it where the helpdesk can use it
   * to ignore a repeated request (an `Idempotency-Key` header, an external id).
   */
  readonly idempotencyKey: string;
  readonly route: TicketRoute;
  /**
   * An earlier ticket this new one continues: a reply to a closed ticket under
   * `threading.closedTickets: new-ticket`. Adapters whose system links tickets link them.
   */
  readonly relatedTicketId?: string;
  /** What kind of mail this is and why (see `src/hygiene`); undefined where nothing classified it. */
  readonly classification?: MailClassification;
}

/** The helpdesk's own id of the ticket a mail became or was added to. */
export interface TicketResult {
  readonly ticketId: string;
}

/** A ticket's state, as far as threading a reply into it is concerned. */
export type TicketState =
  | { readonly kind: 'open' }
  | { readonly kind: 'closed' }
  /** Merged into another ticket: replies belong there. */
  | { readonly kind: 'merged'; readonly into: string }
  /** Deleted, or never existed. */
  | { readonly kind: 'missing' };

/**
 * One helpdesk system behind one interface. Adapters map an {@link InboundMail} to the system's
 * API and turn its failures into `HelpdeskError`s; they hold no state of their own, so a
 * retried call is safe as long as the helpdesk honours the idempotency key or the lookup.
 */
export interface HelpdeskAdapter {
  /** A short name for logs (`webhook`, `rt`). */
  readonly name: string;
  /** Opens a ticket from the mail. */
  createTicket(request: TicketRequest): Promise<TicketResult>;
  /** Adds the mail to an existing ticket as the customer's reply (reopening it if the system does that itself). */
  addReply(ticketId: string, request: TicketRequest): Promise<TicketResult>;
  /**
   * Adds the mail to an existing ticket as an internal note that agents see and the customer
   * does not (an auto-reply, a bounce), without reopening the ticket or notifying the customer.
   * Adapters whose system's API cannot add one leave it out: such mail is filtered instead.
   */
  addNote?(ticketId: string, request: TicketRequest): Promise<TicketResult>;
  /**
   * The ticket that already holds this Message-ID, as its first message or as a reply; adapters
   * whose system cannot be asked leave it out and rely on the idempotency key instead.
   */
  findTicketByMessageId?(messageId: string): Promise<string | undefined>;
  /**
   * The ticket a subject tag names (`[rtname #123]`, `[Ticket#1234567]`, ...), if the subject
   * carries this system's tag and the ticket exists.
   */
  ticketFromSubject?(subject: string): Promise<string | undefined>;
  /** Whether a reply can still go to this ticket. */
  ticketState?(ticketId: string): Promise<TicketState>;
  /** Opens a closed ticket again (the `reopen` policy for replies to closed tickets). */
  reopenTicket?(ticketId: string): Promise<void>;
  /**
   * For `popdesk check`: whether popdesk's credentials are accepted and the helpdesk has what
   * popdesk will use (the queues, groups or help topics in `targets`, which the routing rules
   * name, and the custom fields the adapter writes), without creating anything. Rejects with a
   * `HelpdeskError` when the helpdesk cannot be asked at all (unreachable, credentials refused).
   */
  checkSetup?(targets: readonly string[]): Promise<HelpdeskSetupCheck[]>;
}
