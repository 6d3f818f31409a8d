import type { Logger } from 'pino';
import type { HelpdeskAdapter, TicketRequest, TicketRoute } from '../helpdesk/helpdesk-adapter.js';
import { type InboundMail, withoutQuotedHistory } from '../mail/index.js';
import type { MailJobData } from '../queue/jobs/mail-job.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { resolveThread, type ThreadTrust } from '../threading/resolve-thread.js';
import { threadCandidates } from '../threading/thread-candidates.js';
import { gatherThreadEvidence } from './gather-thread-evidence.js';
import { ThreadParentPendingError } from './thread-parent-pending-error.js';

/** Merged tickets are followed this many hops at most; a loop of merges is the helpdesk's bug. */
const MAX_MERGE_HOPS = 5;

/** What became of one mail. */
export interface DeliveryResult {
  readonly outcome: 'created' | 'replied' | 'found';
  readonly ticketId: string;
}

/** What delivering one mail needs. */
export interface DeliveryDeps {
  readonly adapter: HelpdeskAdapter;
  readonly ledger: TicketLedger;
  readonly logger: Logger;
  readonly route: (mail: InboundMail, mailboxId: string) => TicketRoute;
  readonly trust: ThreadTrust;
  readonly closedTickets: 'reopen' | 'new-ticket';
  /** Replies to an existing ticket show only the new text; the full bodies go along as attachments. */
  readonly stripQuotes: boolean;
  /** How many times a reply waits for the ticket of a queued mail it answers before opening its own. */
  readonly maxParentWaits: number;
}

/**
 * Delivers one parsed mail to the helpdesk, once:
 * 1. Unless popdesk's map already holds this Message-ID (then it is a reused id on a different
 *    mail, not a repeat), the helpdesk is asked whether it has the Message-ID: a retry after a
 *    post whose answer was lost finds its ticket instead of posting again.
 * 2. Threading: subject tag, In-Reply-To, References, checked against who may join the ticket.
 *    Replies to merged tickets follow the merge; to closed ones, `closedTickets` decides. A reply
 *    loses its quoted history when `stripQuotes` is on (a new ticket keeps the whole mail).
 * 3. A reply whose parent is still queued waits for the parent's ticket.
 * 4. Otherwise a new ticket, routed.
 * Just before posting, the run checks it still holds the mail's delivery lock (`lockLost`) and
 * reads the ledger for this mail again: a run that overlapped an earlier one finds its ticket.
 */
export async function deliverMail(
  deps: DeliveryDeps,
  mail: InboundMail,
  raw: Buffer,
  data: MailJobData,
  lockLost?: AbortSignal,
): Promise<DeliveryResult> {
  if ((await deps.ledger.ticketForMessageId(mail.messageId)) === null) {
    const existing = await deps.adapter.findTicketByMessageId?.(mail.messageId);
    if (existing !== undefined) return { outcome: 'found', ticketId: existing };
  }
  const request: TicketRequest = {
    mail,
    raw,
    mailboxId: data.mailboxId,
    idempotencyKey: data.ref,
    route: deps.route(mail, data.mailboxId),
  };
  const decision = resolveThread(
    mail,
    await gatherThreadEvidence(mail, deps.adapter, deps.ledger),
    deps.trust,
  );
  let relatedTicketId: string | undefined;
  if (decision.kind === 'reply') {
    const target = await replyTarget(deps, decision.ticketId);
    if (target.kind === 'reply') {
      const done = await alreadyDelivered(deps, data.ref, lockLost);
      if (done !== undefined) return done;
      const reply = await deps.adapter.addReply(
        target.ticketId,
        deps.stripQuotes ? { ...request, mail: withoutQuotedHistory(mail) } : request,
      );
      return { outcome: 'replied', ticketId: reply.ticketId };
    }
    relatedTicketId = target.relatedTicketId;
  } else if (decision.relatedTicketId !== undefined) {
    deps.logger.warn(
      { relatedTicketId: decision.relatedTicketId },
      `opening a new ticket: ${decision.reason}`,
    );
  }
  if (decision.kind === 'new' && data.waits < deps.maxParentWaits) {
    const pending = await deps.ledger.firstPending(threadCandidates(mail));
    if (pending !== undefined) {
      throw new ThreadParentPendingError(`waiting for the ticket of <${pending}>, which is queued`);
    }
  }
  const done = await alreadyDelivered(deps, data.ref, lockLost);
  if (done !== undefined) return done;
  const created = await deps.adapter.createTicket(
    relatedTicketId === undefined ? request : { ...request, relatedTicketId },
  );
  return { outcome: 'created', ticketId: created.ticketId };
}

/**
 * The last check before a post: this run still owns the mail, and no other run delivered it.
 * Then the post is noted, so a run killed from here on is retried rather than dead-lettered.
 */
async function alreadyDelivered(
  deps: DeliveryDeps,
  ref: string,
  lockLost: AbortSignal | undefined,
): Promise<DeliveryResult | undefined> {
  lockLost?.throwIfAborted();
  const ticketId = await deps.ledger.ticketFor(ref);
  if (ticketId !== null) return { outcome: 'found', ticketId };
  await deps.ledger.notePosting(ref);
  return undefined;
}

/** Where a reply goes after merges and the closed-ticket policy: that ticket, or a new one (linked). */
type ReplyTarget =
  | { readonly kind: 'reply'; readonly ticketId: string }
  | { readonly kind: 'new'; readonly relatedTicketId?: string };

async function replyTarget(deps: DeliveryDeps, ticketId: string): Promise<ReplyTarget> {
  let current = ticketId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop += 1) {
    const state = (await deps.adapter.ticketState?.(current)) ?? { kind: 'open' };
    if (state.kind === 'open') return { kind: 'reply', ticketId: current };
    if (state.kind === 'missing') return { kind: 'new' };
    if (state.kind === 'merged') {
      current = state.into;
      continue;
    }
    if (deps.closedTickets === 'new-ticket') return { kind: 'new', relatedTicketId: current };
    await deps.adapter.reopenTicket?.(current);
    return { kind: 'reply', ticketId: current };
  }
  return { kind: 'reply', ticketId: current };
}
