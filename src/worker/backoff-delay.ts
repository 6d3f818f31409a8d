/** Bounds of the exponential backoff between attempts. */
export interface BackoffSettings {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": attempt 1 waits about `initialMs`, each later one
 * twice as long up to `maxMs`, and a random half of the delay spreads retries of many jobs so a
 * recovering helpdesk is not hit by all of them at once. `random` is injected for tests.
 */
export function backoffDelay(attempt: number, settings: BackoffSettings, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(settings.maxMs, settings.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
