import type { Logger } from 'pino';
import type { HelpdeskAdapter, TicketRoute } from '../helpdesk/helpdesk-adapter.js';
import { type FilterStep, rateLimitFilter } from '../hygiene/decide-hygiene.js';
import type { MailClassification } from '../hygiene/mail-classification.js';
import type { InboundMail } from '../mail/index.js';
import { withoutQuotedHistory } from '../mail/parser.js';
import type { MailJobData } from '../queue/jobs/mail-job.js';
import type { SenderRateLimit } from '../queue/sender-rate-limit.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { resolveThread, type ThreadTrust } from '../threading/resolve-thread.js';
import { threadCandidates } from '../threading/thread-candidates.js';
import { alreadyDelivered } from './already-delivered.js';
import { earlierTicket } from './earlier-ticket.js';
import { followMerges } from './follow-merges.js';
import { gatherThreadEvidence } from './gather-thread-evidence.js';
import { ThreadParentPendingError } from './thread-parent-pending-error.js';
import { ticketRequest } from './ticket-request.js';

/** What became of one mail: its ticket, or held back by the per-sender rate limit. */
export type DeliveryResult =
  | { readonly outcome: 'created' | 'replied' | 'found'; readonly ticketId: string }
  | { readonly outcome: 'filtered'; readonly filter: FilterStep };

/** How one mail is delivered, besides the mail itself. */
export interface DeliveryOptions {
  /** Aborts when this run lost the mail's delivery lock. */
  readonly lockLost?: AbortSignal;
  /** Goes along on every request, so the helpdesk (the webhook payload) sees it. */
  readonly classification?: MailClassification;
  /** This run is not the job's first (a BullMQ retry): an earlier one may have posted. */
  readonly retried?: boolean;
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
  /** The per-sender limit on new tickets (`hygiene.rateLimit`); a requeued mail passes it. */
  readonly rateLimit: Pick<SenderRateLimit, 'admit'>;
}

/**
 * Delivers one parsed mail to the helpdesk, once:
 * 1. When an earlier attempt may have posted the mail (a posting mark, a retry, a requeued or
 *    twin mail, lost Redis data: see `helpdeskLookupReason`), the helpdesk is asked whether it
 *    has the Message-ID: a retry after a post whose answer was lost finds its ticket instead of
 *    posting again. A fresh mail on its first run costs no such request.
 * 2. Threading: subject tag, In-Reply-To, References, checked against who may join the ticket.
 *    Replies to merged tickets follow the merge; to closed ones, `closedTickets` decides. A reply
 *    loses its quoted history when `stripQuotes` is on (a new ticket keeps the whole mail).
 * 3. A reply whose parent is still queued waits for the parent's ticket.
 * 4. Otherwise a new ticket, routed, unless the per-sender rate limit holds it (then `filtered`,
 *    for the caller to keep); a requeued mail is not limited.
 * Just before posting, the run checks it still holds the mail's delivery lock (`lockLost`) and
 * reads the ledger for this mail again: a run that overlapped an earlier one finds its ticket.
 */
export async function deliverMail(
  deps: DeliveryDeps,
  mail: InboundMail,
  raw: Buffer,
  data: MailJobData,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const { lockLost, classification } = options;
  const existing = await earlierTicket(deps, mail, data, options.retried ?? false);
  if (existing !== undefined) return { outcome: 'found', ticketId: existing };
  const request = ticketRequest(mail, raw, data, deps.route, classification);
  const decision = resolveThread(
    mail,
    await gatherThreadEvidence(mail, deps.adapter, deps.ledger),
    deps.trust,
  );
  let relatedTicketId: string | undefined;
  if (decision.kind === 'reply') {
    const target = await replyTarget(deps, decision.ticketId);
    if (target.kind === 'reply') {
      const done = await alreadyDelivered(deps.ledger, data.ref, lockLost);
      if (done !== undefined) return { outcome: 'found', ticketId: done };
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
  if (!data.requeued) {
    const verdict = await deps.rateLimit.admit(data.ref, mail.from?.address);
    if (verdict.held) return { outcome: 'filtered', filter: rateLimitFilter(verdict) };
  }
  const done = await alreadyDelivered(deps.ledger, data.ref, lockLost);
  if (done !== undefined) return { outcome: 'found', ticketId: done };
  const created = await deps.adapter.createTicket(
    relatedTicketId === undefined ? request : { ...request, relatedTicketId },
  );
  return { outcome: 'created', ticketId: created.ticketId };
}

/** Where a reply goes after merges and the closed-ticket policy: that ticket, or a new one (linked). */
type ReplyTarget =
  | { readonly kind: 'reply'; readonly ticketId: string }
  | { readonly kind: 'new'; readonly relatedTicketId?: string };

async function replyTarget(deps: DeliveryDeps, ticketId: string): Promise<ReplyTarget> {
  const ticket = await followMerges(deps.adapter, ticketId);
  if (ticket.state === 'open') return { kind: 'reply', ticketId: ticket.ticketId };
  if (ticket.state === 'missing') return { kind: 'new' };
  if (deps.closedTickets === 'new-ticket') return { kind: 'new', relatedTicketId: ticket.ticketId };
  await deps.adapter.reopenTicket?.(ticket.ticketId);
  return { kind: 'reply', ticketId: ticket.ticketId };
}
