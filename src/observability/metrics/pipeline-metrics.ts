import type { MailClass } from '../../hygiene/mail-classification.js';

/** How a delivered mail reached the helpdesk: a new ticket, a reply on one, or an internal note. */
export type DeliveredKind = 'new' | 'reply' | 'note';

/** What one finished poll of one mailbox did. */
export interface PollCounts {
  /** Mails retrieved with RETR. */
  readonly fetched: number;
  /** Mails put on the queue. */
  readonly queued: number;
  /** Mails recognised as already queued, so not queued again. */
  readonly duplicates: number;
}

/**
 * Where the pipeline reports what happened to mail, one call per event. The poller, the workers
 * and the stores take one as a dependency; {@link NO_PIPELINE_METRICS} when nobody is counting,
 * a `PrometheusPipelineMetrics` under `popdesk start`. Calls never throw and never wait.
 */
export interface PipelineMetrics {
  /** A poll of `mailboxId` ended without an error, at `at`, after `seconds`. */
  pollSucceeded(mailboxId: string, counts: PollCounts, seconds: number, at: Date): void;
  /** A poll of `mailboxId` failed after `seconds`. */
  pollFailed(mailboxId: string, seconds: number): void;
  /** A mail became a ticket, a reply or a note, `ageSeconds` after popdesk took it in. */
  delivered(kind: DeliveredKind, ageSeconds: number): void;
  /** A mail was kept as a dead letter. */
  deadLettered(reason: string): void;
  /** The hygiene policy kept a mail of class `mailClass` back, for `reason` (its class, or the rate limit). */
  filtered(mailClass: MailClass, reason: string): void;
  /** One HTTP request to the helpdesk ended with `status` (undefined: no answer) after `seconds`. */
  helpdeskCall(status: number | undefined, seconds: number): void;
}

/** Counts nothing: the default wherever no metrics are wanted (one-shot commands, unit tests). */
export const NO_PIPELINE_METRICS: PipelineMetrics = {
  pollSucceeded: () => undefined,
  pollFailed: () => undefined,
  delivered: () => undefined,
  deadLettered: () => undefined,
  filtered: () => undefined,
  helpdeskCall: () => undefined,
};
