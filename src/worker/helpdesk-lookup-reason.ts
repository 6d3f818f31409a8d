/** What popdesk's own records say about one mail, just before it decides whether to ask the helpdesk. */
export interface DeliveryHistory {
  /** popdesk's ledger maps the mail's Message-ID to a ticket: a reused id on a different mail. */
  readonly messageIdKnown: boolean;
  /** A run of this mail noted it was about to post and recorded no ticket (it may have posted). */
  readonly postingMarked: boolean;
  /** This is not the first run of the job: a BullMQ retry, or a job the reconciler revived. */
  readonly retried: boolean;
  /** A person put the mail back (a dead letter or a filtered mail requeued). */
  readonly requeued: boolean;
  /** Another mail with the same Message-ID (under another reference) is queued without a ticket. */
  readonly twinQueued: boolean;
  /** The mail was taken in while popdesk's records were new or had been lost (`recheckUntil`). */
  readonly takenInAfterDataLoss: boolean;
  /** Imported from files (`popdesk import`): a backlog the helpdesk may already hold tickets of. */
  readonly imported: boolean;
}

/** Why the helpdesk is asked for a mail's Message-ID before posting it. */
export type HelpdeskLookupReason = 'posting-mark' | 'retry' | 'requeued' | 'twin' | 'data-loss' | 'imported';

/**
 * Whether an earlier attempt may have posted this mail, so the helpdesk must be asked for its
 * Message-ID before posting (and why), or undefined when popdesk's records rule it out. The
 * look-up costs one helpdesk request per mail (RT's CPU is often the shared limit), so a fresh
 * mail on its first run skips it: any run that posts first writes the posting mark, which
 * survives a crash; a retry, a revived job, a requeued dead letter or a twin taken in under
 * another reference may have been posted by a run whose records are elsewhere; after Redis lost
 * its data no record can be trusted; an imported backlog may come from a tool that already made
 * its tickets. A Message-ID the ledger already maps belongs to a
 * delivered mail, so this one is a different mail reusing the id: no look-up, as before.
 */
export function helpdeskLookupReason(history: DeliveryHistory): HelpdeskLookupReason | undefined {
  if (history.messageIdKnown) return undefined;
  if (history.postingMarked) return 'posting-mark';
  if (history.retried) return 'retry';
  if (history.requeued) return 'requeued';
  if (history.twinQueued) return 'twin';
  if (history.takenInAfterDataLoss) return 'data-loss';
  if (history.imported) return 'imported';
  return undefined;
}
