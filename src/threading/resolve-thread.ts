import type { InboundMail } from '../mail/index.js';
import { threadCandidates } from './thread-candidates.js';

/** Whose mail may join an existing ticket (config `threading.trust`). */
export type ThreadTrust = 'participants' | 'domain' | 'any';

/** What the lookups found, gathered by the worker before deciding. */
export interface ThreadEvidence {
  /** The ticket this helpdesk's subject tag names, when the subject has one and the ticket exists. */
  readonly taggedTicket?: string;
  /** The ticket each candidate Message-ID belongs to: from popdesk's map, or from the helpdesk's search. */
  readonly byMessageId: ReadonlyMap<
    string,
    { readonly ticketId: string; readonly source: 'map' | 'helpdesk' }
  >;
  /**
   * Addresses popdesk has seen on each ticket (requesters, Cc'd people, later senders), lower
   * case. A ticket missing here is one popdesk knows nothing about: it cannot be checked.
   */
  readonly participants: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Which ticket a mail answers, if any, and how that was decided. */
export type ThreadDecision =
  | {
      readonly kind: 'reply';
      readonly ticketId: string;
      readonly via: 'subject-tag' | 'in-reply-to' | 'references' | 'helpdesk-search';
    }
  | {
      readonly kind: 'new';
      /** A ticket the mail pointed at but was not allowed to join, for the log (and a link). */
      readonly relatedTicketId?: string;
      readonly reason: string;
    };

/** The parts of a mail threading looks at. */
export type ThreadableMail = Pick<InboundMail, 'messageId' | 'inReplyTo' | 'references' | 'from'>;

/**
 * Decides which ticket a mail answers. Candidates, in order: the helpdesk's subject tag, then
 * In-Reply-To, then References newest first. A candidate is taken only when the sender may join
 * that ticket under `trust`: a forged References header or a ticket tag quoted in someone else's
 * subject must not put a stranger's mail (and its requester) on another customer's ticket.
 * Pure: every lookup is done before, into `evidence`.
 */
export function resolveThread(
  mail: ThreadableMail,
  evidence: ThreadEvidence,
  trust: ThreadTrust,
): ThreadDecision {
  const candidates: Array<{ ticketId: string; via: Extract<ThreadDecision, { kind: 'reply' }>['via'] }> = [];
  if (evidence.taggedTicket !== undefined)
    candidates.push({ ticketId: evidence.taggedTicket, via: 'subject-tag' });
  const inReplyTo = new Set(mail.inReplyTo.map((id) => id.toLowerCase()));
  for (const messageId of threadCandidates(mail)) {
    const found = evidence.byMessageId.get(messageId);
    if (found === undefined) continue;
    const via =
      found.source === 'helpdesk'
        ? 'helpdesk-search'
        : inReplyTo.has(messageId.toLowerCase())
          ? 'in-reply-to'
          : 'references';
    candidates.push({ ticketId: found.ticketId, via });
  }
  const senders = senderAddresses(mail);
  let refused: string | undefined;
  for (const candidate of candidates) {
    if (mayJoin(senders, evidence.participants.get(candidate.ticketId), trust)) {
      return { kind: 'reply', ticketId: candidate.ticketId, via: candidate.via };
    }
    refused ??= candidate.ticketId;
  }
  if (refused !== undefined) {
    return {
      kind: 'new',
      relatedTicketId: refused,
      reason: `the sender is not among the people on ticket ${refused} (threading.trust: ${trust})`,
    };
  }
  return { kind: 'new', reason: candidates.length === 0 ? 'no earlier message is known' : 'no candidate' };
}

/** From only: Reply-To is as easy to set as From and says nothing more about who wrote. */
function senderAddresses(mail: ThreadableMail): string[] {
  return mail.from === undefined ? [] : [mail.from.address.toLowerCase()];
}

function mayJoin(
  senders: readonly string[],
  participants: ReadonlySet<string> | undefined,
  trust: ThreadTrust,
): boolean {
  if (trust === 'any' || participants === undefined || participants.size === 0) return true;
  if (senders.some((sender) => participants.has(sender))) return true;
  if (trust !== 'domain') return false;
  const domains = new Set([...participants].map(domainOf));
  return senders.some((sender) => domains.has(domainOf(sender)));
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
