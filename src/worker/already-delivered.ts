import type { TicketLedger } from '../queue/ticket-ledger.js';

/**
 * The last check before a post (a ticket, a reply or a note): this run still owns the mail, and
 * no other run delivered it. Resolves the ticket another run recorded, if one did; otherwise
 * notes the post, so a run killed from here on is retried rather than dead-lettered.
 */
export async function alreadyDelivered(
  ledger: TicketLedger,
  ref: string,
  lockLost: AbortSignal | undefined,
): Promise<string | undefined> {
  lockLost?.throwIfAborted();
  const ticketId = await ledger.ticketFor(ref);
  if (ticketId !== null) return ticketId;
  await ledger.notePosting(ref);
  return undefined;
}
