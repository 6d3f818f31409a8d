import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';

/** Merged tickets are followed this many hops at most; a loop of merges is the helpdesk's bug. */
const MAX_MERGE_HOPS = 5;

/** The ticket a mail belongs to once merges are followed, and whether it takes mail. */
export interface FollowedTicket {
  readonly ticketId: string;
  /** `open` also where the adapter cannot tell (no `ticketState`) or the merges went on too long. */
  readonly state: 'open' | 'closed' | 'missing';
}

/** Asks the helpdesk for `ticketId`'s state and follows it into whatever ticket it was merged into. */
export async function followMerges(adapter: HelpdeskAdapter, ticketId: string): Promise<FollowedTicket> {
  let current = ticketId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop += 1) {
    const state = (await adapter.ticketState?.(current)) ?? { kind: 'open' };
    if (state.kind !== 'merged') return { ticketId: current, state: state.kind };
    current = state.into;
  }
  return { ticketId: current, state: 'open' };
}
