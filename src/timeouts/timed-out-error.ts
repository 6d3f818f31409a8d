/**
 * Thrown by {@link within} when a piece of work did not finish in time: one check of `popdesk
 * check`, or a readiness check's PING.
 */
export class TimedOutError extends Error {
  override name = 'TimedOutError';
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`${what} did not finish within ${Math.round(timeoutMs / 100) / 10} s`, options);
    this.timeoutMs = timeoutMs;
  }
}
