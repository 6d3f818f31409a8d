import type { Queue } from 'bullmq';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { FilteredMailStore } from '../queue/filtered-mail-store.js';
import { describePendingMails } from '../queue/pending-mails.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import type { Outcomes } from './popdesk-app-deps.js';

/** Where {@link waitForOutcomes} looks. */
export interface OutcomeSources {
  readonly ledger: TicketLedger;
  readonly deadLetters: DeadLetterStore;
  readonly filtered: FilteredMailStore;
  readonly queue: Queue;
  readonly now: () => Date;
}

/** How long and how often {@link waitForOutcomes} looks. */
export interface WaitOptions {
  /** Pause between two looks; default 200 ms. */
  readonly intervalMs?: number;
  /** Epoch milliseconds after which it stops waiting; none by default. */
  readonly deadline?: number;
}

/**
 * Waits until every mail in `refs` has a recorded ticket, a dead letter or a filtered record, looking in one round
 * trip each every `intervalMs`, or until `deadline`: the mails still open then are described in
 * `pending` (ref, subject, from, job state) for the person who has to look at them.
 */
export async function waitForOutcomes(
  sources: OutcomeSources,
  refs: readonly string[],
  options: WaitOptions = {},
): Promise<Outcomes> {
  const tickets = new Map<string, string>();
  const deadLetters: string[] = [];
  const filtered: string[] = [];
  const open = new Set(refs);
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  while (open.size > 0 && sources.now().getTime() < deadline) {
    const pending = [...open];
    const [recorded, dead, kept] = await Promise.all([
      sources.ledger.ticketsFor(pending),
      sources.deadLetters.existing(pending),
      sources.filtered.existing(pending),
    ]);
    pending.forEach((ref, i) => {
      const ticketId = recorded[i];
      if (ticketId !== null && ticketId !== undefined) {
        tickets.set(ref, ticketId);
        open.delete(ref);
      } else if (dead.has(ref)) {
        deadLetters.push(ref);
        open.delete(ref);
      } else if (kept.has(ref)) {
        filtered.push(ref);
        open.delete(ref);
      }
    });
    if (open.size > 0) await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
  return { tickets, deadLetters, filtered, pending: await describePendingMails(sources.queue, [...open]) };
}
