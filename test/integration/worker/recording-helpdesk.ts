import type {
  HelpdeskAdapter,
  TicketRequest,
  TicketResult,
  TicketState,
} from '../../../src/helpdesk/helpdesk-adapter.js';

/** One ticket as the recording helpdesk holds it. */
export interface RecordedTicket {
  readonly request: TicketRequest;
  readonly replies: TicketRequest[];
  readonly notes: TicketRequest[];
  state: TicketState;
}

/** A helpdesk in memory that records every call, for tests of what the worker asks of a helpdesk. */
export interface RecordingHelpdesk extends HelpdeskAdapter {
  readonly tickets: Map<string, RecordedTicket>;
  /** Tickets `reopenTicket` was called on, in order. */
  readonly reopened: string[];
}

/**
 * A helpdesk adapter double with tickets, replies, internal notes (unless `notes` is false:
 * an adapter without `addNote`) and ticket states a test sets. Until the webhook adapter posts
 * `ticket.note`, the worker's note path is tested against this.
 */
export function recordingHelpdesk(options: { readonly notes?: boolean } = {}): RecordingHelpdesk {
  const tickets = new Map<string, RecordedTicket>();
  const reopened: string[] = [];
  const existing = (ticketId: string): RecordedTicket => {
    const ticket = tickets.get(ticketId);
    if (ticket === undefined) throw new Error(`no ticket ${ticketId}`);
    return ticket;
  };
  const helpdesk: RecordingHelpdesk = {
    name: 'recording',
    tickets,
    reopened,
    async createTicket(request: TicketRequest): Promise<TicketResult> {
      const ticketId = String(tickets.size + 1);
      tickets.set(ticketId, { request, replies: [], notes: [], state: { kind: 'open' } });
      return { ticketId };
    },
    async addReply(ticketId: string, request: TicketRequest): Promise<TicketResult> {
      existing(ticketId).replies.push(request);
      return { ticketId };
    },
    async ticketState(ticketId: string): Promise<TicketState> {
      return tickets.get(ticketId)?.state ?? { kind: 'missing' };
    },
    async reopenTicket(ticketId: string): Promise<void> {
      reopened.push(ticketId);
      existing(ticketId).state = { kind: 'open' };
    },
  };
  if (options.notes === false) return helpdesk;
  return {
    ...helpdesk,
    async addNote(ticketId: string, request: TicketRequest): Promise<TicketResult> {
      existing(ticketId).notes.push(request);
      return { ticketId };
    },
  };
}
