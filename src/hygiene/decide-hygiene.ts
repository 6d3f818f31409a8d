import type { FilterReason, MailClassification } from './mail-classification.js';

/** What config `hygiene` says per class (structurally `HygieneConfig`'s policy keys). */
export interface HygienePolicy {
  readonly autoReplies: 'note' | 'filter';
  readonly bounces: 'note' | 'filter';
  readonly spam: 'filter' | 'deliver';
  readonly bulk: 'filter' | 'deliver';
}

/** What the worker knows about this mail's job and helpdesk before looking anything up. */
export interface HygieneFacts {
  /** A person put the mail back (`popdesk filtered requeue`): it is delivered as a normal mail. */
  readonly requeued: boolean;
  /** The helpdesk adapter can add internal notes (`HelpdeskAdapter.addNote`). */
  readonly adapterNotes: boolean;
  /** The adapter's name, for the detail of a mail filtered because it cannot take notes. */
  readonly adapterName: string;
}

/** Kept back instead of posted: why, for the filtered record and the log line. */
export interface FilterStep {
  readonly action: 'filter';
  readonly reason: FilterReason;
  /** A sentence for a person: why this mail got no ticket. */
  readonly detail: string;
}

/** The first step for one classified mail. */
export type HygieneStep =
  /** A ticket or a reply as any mail (new tickets still pass the per-sender rate limit unless requeued). */
  | { readonly action: 'deliver' }
  | FilterStep
  /** Look for the ticket this auto-reply or bounce belongs to, then {@link decideNote}. */
  | { readonly action: 'note'; readonly kind: NoteKind };

/** The classes that may become an internal note on an existing ticket. */
export type NoteKind = 'auto-reply' | 'bounce';

/** The ticket an auto-reply or bounce belongs to, as the worker found it (merges followed). */
export type NoteTarget =
  /** Nothing threads to a ticket (or, for a bounce, the report carries no returned headers). */
  | { readonly kind: 'none'; readonly reportMissing?: boolean }
  | { readonly kind: 'open' | 'closed' | 'missing'; readonly ticketId: string };

/** Where an auto-reply or bounce ends. */
export type NoteDecision = { readonly action: 'note'; readonly ticketId: string } | FilterStep;

/** A sender held by the per-sender rate limit, as `SenderRateLimit` reports it. */
export interface RateLimitHold {
  readonly by: 'address' | 'domain';
  readonly sender: string;
  readonly limit: number;
  readonly windowMs: number;
}

const NOUN: Record<NoteKind, string> = { 'auto-reply': 'an auto-reply', bounce: 'a bounce' };
const POLICY_KEY: Record<NoteKind, string> = { 'auto-reply': 'autoReplies', bounce: 'bounces' };

/**
 * Decides what happens to a classified mail before any lookup (issue 9, item 2). Pure.
 * A requeued mail is delivered whatever its class: a person looked at it. Loops are always
 * filtered; spam and bulk as `hygiene.spam`/`hygiene.bulk` say. Auto-replies and bounces never
 * open a ticket: they become a note on their ticket only where the policy is `note` and the
 * adapter can add notes, so the ticket lookup is skipped when it could not change the outcome.
 */
export function decideHygiene(
  classification: MailClassification,
  policy: HygienePolicy,
  facts: HygieneFacts,
): HygieneStep {
  if (facts.requeued) return { action: 'deliver' };
  switch (classification.class) {
    case 'normal':
      return { action: 'deliver' };
    case 'loop':
      return filter('loop', "a loop: the helpdesk's own mail came back to its mailbox");
    case 'spam':
      return policy.spam === 'deliver'
        ? { action: 'deliver' }
        : filter('spam', 'marked as spam (hygiene.spam: filter)');
    case 'bulk':
      return policy.bulk === 'deliver'
        ? { action: 'deliver' }
        : filter('bulk', 'mailing-list or bulk mail (hygiene.bulk: filter)');
    case 'auto-reply':
    case 'bounce':
      return noteStep(classification.class, policy, facts);
  }
}

function noteStep(kind: NoteKind, policy: HygienePolicy, facts: HygieneFacts): HygieneStep {
  const setting = kind === 'auto-reply' ? policy.autoReplies : policy.bounces;
  if (setting === 'filter') {
    return filter(kind, `${NOUN[kind]}; hygiene.${POLICY_KEY[kind]} is filter`);
  }
  if (!facts.adapterNotes) {
    return filter(kind, `${NOUN[kind]}; the ${facts.adapterName} adapter cannot add internal notes`);
  }
  return { action: 'note', kind };
}

/**
 * Decides whether an auto-reply or bounce becomes an internal note on the ticket found for it.
 * Pure. Only an open ticket takes it: a closed ticket is never reopened by a machine's mail,
 * and with no ticket the mail is filtered, never a new ticket.
 */
export function decideNote(kind: NoteKind, target: NoteTarget): NoteDecision {
  const noun = NOUN[kind];
  switch (target.kind) {
    case 'open':
      return { action: 'note', ticketId: target.ticketId };
    case 'closed':
      return filter(kind, `${noun} to ticket ${target.ticketId}, which is closed: it is not reopened`);
    case 'missing':
      return filter(kind, `${noun} to ticket ${target.ticketId}, which no longer exists`);
    case 'none':
      if (kind === 'bounce' && target.reportMissing === true) {
        return filter(
          kind,
          'a bounce without the returned headers of the mail it reports: no ticket to note it on',
        );
      }
      return filter(
        kind,
        kind === 'bounce'
          ? 'a bounce whose returned mail belongs to no ticket popdesk or the helpdesk knows'
          : 'an auto-reply to no known ticket: auto-replies never open tickets',
      );
  }
}

/** The filter step for a new ticket the per-sender rate limit holds. Pure. */
export function rateLimitFilter(hold: RateLimitHold): FilterStep {
  const setting = hold.by === 'address' ? 'perSender' : 'perDomain';
  const who = hold.by === 'address' ? hold.sender : `the domain ${hold.sender}`;
  return filter(
    'rate-limit',
    `more than ${hold.limit} new tickets from ${who} within ${formatWindow(hold.windowMs)} (hygiene.rateLimit.${setting})`,
  );
}

function filter(reason: FilterReason, detail: string): FilterStep {
  return { action: 'filter', reason, detail };
}

/** `1h`, `90m`, `45s`: the window as a person would write it in the config. */
function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
