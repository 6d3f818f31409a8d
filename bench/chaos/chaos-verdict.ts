/** What the run found: every mail should have exactly one outcome. */
export interface ChaosVerdict {
  /** Message-IDs with neither a ticket nor a dead letter. */
  readonly lost: readonly string[];
  /** Message-IDs with more than one outcome, and what they got. */
  readonly duplicated: ReadonlyArray<{
    readonly messageId: string;
    readonly tickets: number;
    readonly deadLetters: number;
  }>;
  /** Tickets or dead letters whose Message-ID is none of the mails sent (e.g. a dead letter without one). */
  readonly unmatched: readonly string[];
}

/** A Message-ID as compared here: without angle brackets, lower case. */
export function normalMessageId(value: string): string {
  return value.trim().replace(/^<|>$/g, '').toLowerCase();
}

/**
 * Matches the outcomes to the mails by Message-ID (every chaos mail has a unique one). Pure.
 * A mail that is both a ticket and a dead letter counts as duplicated: the promise is one of them.
 */
export function judgeChaosRun(
  mailIds: readonly string[],
  ticketIds: readonly string[],
  deadLetterIds: readonly string[],
): ChaosVerdict {
  const tally = new Map<string, { tickets: number; deadLetters: number }>();
  for (const id of mailIds) tally.set(normalMessageId(id), { tickets: 0, deadLetters: 0 });
  const unmatched: string[] = [];
  const count = (ids: readonly string[], field: 'tickets' | 'deadLetters'): void => {
    for (const id of ids) {
      const entry = tally.get(normalMessageId(id));
      if (entry === undefined)
        unmatched.push(`${field === 'tickets' ? 'ticket' : 'dead letter'} ${id || '(no Message-ID)'}`);
      else entry[field] += 1;
    }
  };
  count(ticketIds, 'tickets');
  count(deadLetterIds, 'deadLetters');
  const lost: string[] = [];
  const duplicated: Array<{ messageId: string; tickets: number; deadLetters: number }> = [];
  for (const [messageId, entry] of tally) {
    const outcomes = entry.tickets + entry.deadLetters;
    if (outcomes === 0) lost.push(messageId);
    else if (outcomes > 1) duplicated.push({ messageId, ...entry });
  }
  return { lost, duplicated, unmatched };
}
