import type { DeadLetterReason } from '../queue/dead-letter-store.js';

/** What BullMQ recorded about a failed job, as far as the dead letter cares. */
export interface FailedJobFacts {
  /** Times a worker died or stalled while running it (BullMQ's `stalledCounter`). */
  readonly stalledCounter: number;
  readonly attemptsMade: number;
  readonly failedReason: string | undefined;
}

/**
 * Why a job that failed without writing its own dead letter failed, for the dead letter. Decided
 * from BullMQ's counters, not its message text: more stalls than `maxStalledCount` means BullMQ
 * failed it because its workers kept dying; anything else is an error outside delivery.
 */
export function failedJobReason(
  facts: FailedJobFacts,
  maxStalledCount: number,
): { readonly reason: Extract<DeadLetterReason, 'stalled' | 'unexpected-error'>; readonly detail: string } {
  const said = facts.failedReason ?? 'no reason recorded';
  if (facts.stalledCounter > maxStalledCount) {
    return {
      reason: 'stalled',
      detail: `the worker delivering it stalled or died ${facts.stalledCounter} times, so BullMQ gave up on it (${said})`,
    };
  }
  return {
    reason: 'unexpected-error',
    detail: `the job failed outside delivery after ${facts.attemptsMade} attempt(s): ${said}`,
  };
}
