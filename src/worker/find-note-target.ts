import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { NoteKind, NoteTarget } from '../hygiene/decide-hygiene.js';
import type { InboundMail } from '../mail/index.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { resolveThread, type ThreadableMail, type ThreadTrust } from '../threading/resolve-thread.js';
import { followMerges } from './follow-merges.js';
import { gatherThreadEvidence } from './gather-thread-evidence.js';

/** What finding the ticket of an auto-reply or bounce looks at. */
export interface NoteTargetDeps {
  readonly adapter: HelpdeskAdapter;
  readonly ledger: TicketLedger;
  /** `threading.trust`, for auto-replies; a bounce is trusted whoever sent it. */
  readonly trust: ThreadTrust;
}

/**
 * Finds the ticket an auto-reply or a bounce belongs to, with the lookups replies use (subject
 * tag, popdesk's Message-ID map, the helpdesk's search), merges followed. An auto-reply threads
 * as itself, under `threading.trust`. A bounce threads as the mail it reports: that mail's own
 * Message-ID (a helpdesk's reply the helpdesk can find), its In-Reply-To and References (the
 * customer's mail popdesk mapped) and the tag on its subject. Its sender is MAILER-DAEMON, never
 * one of the ticket's people, so trust is `any`: the returned headers are what identifies it.
 */
export async function findNoteTarget(
  deps: NoteTargetDeps,
  kind: NoteKind,
  mail: InboundMail,
): Promise<NoteTarget> {
  const threadable = noteThreadable(kind, mail);
  if (threadable === undefined) return { kind: 'none', reportMissing: true };
  const evidence = await gatherThreadEvidence(threadable, deps.adapter, deps.ledger);
  const decision = resolveThread(threadable, evidence, kind === 'bounce' ? 'any' : deps.trust);
  if (decision.kind !== 'reply') return { kind: 'none' };
  const ticket = await followMerges(deps.adapter, decision.ticketId);
  return { kind: ticket.state, ticketId: ticket.ticketId };
}

/** The mail as threading sees it: an auto-reply as itself, a bounce as the mail it reports (undefined without one). */
export function noteThreadable(
  kind: NoteKind,
  mail: InboundMail,
): (ThreadableMail & Pick<InboundMail, 'subject'>) | undefined {
  if (kind === 'auto-reply') return mail;
  const reported = mail.reportedMail;
  if (reported === undefined) return undefined;
  return {
    // The bounce's own id stays the mail's id, so the reported mail's id is a candidate.
    messageId: mail.messageId,
    inReplyTo: [...(reported.messageId !== undefined ? [reported.messageId] : []), ...reported.inReplyTo],
    references: reported.references,
    subject: reported.subject,
    from: mail.from,
  };
}
