import { decideNote, type FilterStep, type NoteKind } from '../hygiene/decide-hygiene.js';
import type { InboundMail } from '../mail/index.js';
import type { MailJobData } from '../queue/jobs/mail-job.js';
import { threadCandidates } from '../threading/thread-candidates.js';
import { alreadyDelivered } from './already-delivered.js';
import type { DeliveryDeps, DeliveryOptions } from './deliver-mail.js';
import { earlierTicket } from './earlier-ticket.js';
import { findNoteTarget, noteThreadable } from './find-note-target.js';
import { ThreadParentPendingError } from './thread-parent-pending-error.js';
import { ticketRequest } from './ticket-request.js';

/** What became of an auto-reply or bounce: a note on its ticket, or kept back and why. */
export type NoteResult =
  | { readonly outcome: 'noted'; readonly ticketId: string }
  | { readonly outcome: 'filtered'; readonly filter: FilterStep };

/**
 * Adds an auto-reply or a bounce to its ticket as an internal note, once, or says why not (no
 * ticket, a closed or deleted one: a machine's mail never opens or reopens a ticket). One that
 * answers a mail still queued waits for that mail's ticket, as a reply does. Posted
 * like a reply: a retry (see `helpdeskLookupReason`) first asks the helpdesk for the mail's Message-ID, and the last check
 * before posting ({@link alreadyDelivered}) finds a note another run posted.
 */
export async function deliverNote(
  deps: DeliveryDeps,
  kind: NoteKind,
  mail: InboundMail,
  raw: Buffer,
  data: MailJobData,
  options: DeliveryOptions = {},
): Promise<NoteResult> {
  const { addNote } = deps.adapter;
  // decideHygiene sends mail here only for an adapter that has addNote; this tells the compiler.
  if (addNote === undefined) throw new TypeError(`the ${deps.adapter.name} adapter cannot add notes`);
  const existing = await earlierTicket(deps, mail, data, options.retried ?? false);
  if (existing !== undefined) return { outcome: 'noted', ticketId: existing };
  const target = await findNoteTarget(deps, kind, mail);
  if (target.kind === 'none' && data.waits < deps.maxParentWaits) {
    // An out-of-office can arrive in the same poll as the mail it answers: wait for that ticket.
    const threadable = noteThreadable(kind, mail);
    const pending = threadable && (await deps.ledger.firstPending(threadCandidates(threadable)));
    if (pending)
      throw new ThreadParentPendingError(`waiting for the ticket of <${pending}>, which is queued`);
  }
  const decision = decideNote(kind, target);
  if (decision.action === 'filter') return { outcome: 'filtered', filter: decision };
  const done = await alreadyDelivered(deps.ledger, data.ref, options.lockLost);
  if (done !== undefined) return { outcome: 'noted', ticketId: done };
  const request = ticketRequest(mail, raw, data, deps.route, options.classification);
  const noted = await addNote.call(deps.adapter, decision.ticketId, request);
  return { outcome: 'noted', ticketId: noted.ticketId };
}
