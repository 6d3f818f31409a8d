import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { InboundMail } from '../mail/index.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import type { ThreadEvidence } from '../threading/resolve-thread.js';
import { threadCandidates } from '../threading/thread-candidates.js';

/** The helpdesk is asked about at most this many Message-IDs per mail: searches cost API quota. */
const MAX_HELPDESK_SEARCHES = 3;

/**
 * Does the lookups `resolveThread` decides on, in a fixed number of Redis round trips: the helpdesk's subject tag, popdesk's
 * Message-ID map for In-Reply-To and References (newest first), the helpdesk's own search for
 * the ones the map does not know (an agent's reply sent by the helpdesk, say), and who popdesk
 * has seen on each ticket found.
 */
export async function gatherThreadEvidence(
  mail: Pick<InboundMail, 'subject' | 'messageId' | 'inReplyTo' | 'references'>,
  adapter: HelpdeskAdapter,
  ledger: TicketLedger,
): Promise<ThreadEvidence> {
  const taggedTicket = await adapter.ticketFromSubject?.(mail.subject);
  const byMessageId = new Map<string, { ticketId: string; source: 'map' | 'helpdesk' }>();
  let searches = 0;
  const candidates = threadCandidates(mail);
  const known = await ledger.ticketsForMessageIds(candidates);
  for (const [i, messageId] of candidates.entries()) {
    const mapped = known[i] ?? null;
    if (mapped !== null) {
      byMessageId.set(messageId, { ticketId: mapped, source: 'map' });
    } else if (adapter.findTicketByMessageId !== undefined && searches < MAX_HELPDESK_SEARCHES) {
      searches += 1;
      const found = await adapter.findTicketByMessageId(messageId);
      if (found !== undefined) byMessageId.set(messageId, { ticketId: found, source: 'helpdesk' });
    }
  }
  const tickets = new Set([
    ...(taggedTicket !== undefined ? [taggedTicket] : []),
    ...[...byMessageId.values()].map((v) => v.ticketId),
  ]);
  const participants = new Map<string, ReadonlySet<string>>();
  for (const [ticketId, people] of await ledger.participantsOf([...tickets])) {
    if (people.size > 0) participants.set(ticketId, people);
  }
  return { ...(taggedTicket !== undefined ? { taggedTicket } : {}), byMessageId, participants };
}
