/** The longest wait between two login attempts after the server refused the credentials. */
export const MAX_LOGIN_BACKOFF_MS = 60 * 60 * 1000;

/**
 * How long to wait before the next login after `failures` refused logins in a row: the poll
 * interval after the first, doubling with each further one, never more than an hour. Retrying a
 * wrong password every minute is how an Outlook.com account gets locked.
 */
export function loginBackoffMs(
  failures: number,
  pollIntervalMs: number,
  maxMs = MAX_LOGIN_BACKOFF_MS,
): number {
  if (failures <= 0) return 0;
  // 2^30 already exceeds any sensible cap; stops the exponent from overflowing to Infinity.
  const factor = 2 ** Math.min(failures - 1, 30);
  return Math.min(pollIntervalMs * factor, Math.max(maxMs, pollIntervalMs));
}
