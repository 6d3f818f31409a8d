import { HelpdeskError } from '../helpdesk/helpdesk-error.js';
import { ThreadParentPendingError } from './thread-parent-pending-error.js';

/** How long a reply waits, each time, for the ticket of the mail it answers. */
export const PARENT_WAIT_MS = 1500;

/** What to do after a job's attempt failed. */
export type FailureDecision =
  /** Try again after the usual backoff; spends an attempt. */
  | { readonly action: 'retry' }
  /** Wait as the helpdesk asked (Retry-After) without spending an attempt. */
  | { readonly action: 'wait'; readonly delayMs: number }
  /**
   * The helpdesk refuses popdesk itself (401/403), not this mail: pause delivery for every mail
   * (the helpdesk circuit) and hold this one without spending an attempt.
   */
  | { readonly action: 'pause-delivery'; readonly error: HelpdeskError }
  /** Give up: keep the mail as a dead letter with the reason. */
  | {
      readonly action: 'dead-letter';
      readonly reason: 'helpdesk-rejected' | 'retries-exhausted';
      readonly detail: string;
    };

/** The facts {@link decideFailure} weighs. */
export interface FailureContext {
  readonly error: unknown;
  /** Attempts already spent before this one. */
  readonly attemptsMade: number;
  readonly maxAttempts: number;
  /** Times this job already waited on a Retry-After. */
  readonly waits: number;
  readonly maxWaits: number;
  /** Longest Retry-After honoured; a longer one counts as an ordinary retry. */
  readonly maxRetryAfterMs: number;
}

/** Statuses that say the helpdesk refuses popdesk's credentials or rights, whatever the mail. */
const REFUSES_POPDESK = new Set([401, 403]);

/**
 * Decides between retrying, waiting, pausing and dead-lettering. Pure, so every branch is
 * unit-tested: a 401 or 403 is about popdesk's credentials, so it pauses delivery instead of
 * condemning the mail; any other 4xx than 408/409/429 can never succeed and goes straight to the dead letters with the
 * helpdesk's answer; a Retry-After is honoured without spending an attempt (bounded, so a
 * helpdesk that always says "later" still ends in a dead letter); anything else is retried
 * until the attempts run out.
 */
export function decideFailure(context: FailureContext): FailureDecision {
  const { error } = context;
  if (error instanceof ThreadParentPendingError) return { action: 'wait', delayMs: PARENT_WAIT_MS };
  if (error instanceof HelpdeskError && error.status !== undefined && REFUSES_POPDESK.has(error.status))
    return { action: 'pause-delivery', error };
  if (error instanceof HelpdeskError && !error.retryable) {
    return {
      action: 'dead-letter',
      reason: 'helpdesk-rejected',
      detail: `${error.message}${error.responseBody ? `: ${error.responseBody}` : ''}`,
    };
  }
  if (
    error instanceof HelpdeskError &&
    error.retryAfterMs !== undefined &&
    error.retryAfterMs <= context.maxRetryAfterMs &&
    context.waits < context.maxWaits
  ) {
    return { action: 'wait', delayMs: Math.max(error.retryAfterMs, 1000) };
  }
  if (context.attemptsMade + 1 >= context.maxAttempts) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      action: 'dead-letter',
      reason: 'retries-exhausted',
      detail: `gave up after ${context.maxAttempts} attempts; last error: ${message}${
        error instanceof HelpdeskError && error.responseBody ? `: ${error.responseBody}` : ''
      }`,
    };
  }
  return { action: 'retry' };
}
