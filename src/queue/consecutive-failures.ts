/** How a poll ended, as `popdesk status` reports it. */
export type PollResult = 'ok' | 'failed';

/**
 * The number of polls in a row that failed, after a poll ended with `result`: a failure adds
 * one to the run, a poll that went through ends it. `previous` is what the last poll recorded
 * (0 when nothing was recorded, or when the stored value is not a count).
 */
export function consecutiveFailures(previous: number, result: PollResult): number {
  if (result === 'ok') return 0;
  const run = Number.isSafeInteger(previous) && previous > 0 ? previous : 0;
  return run + 1;
}
