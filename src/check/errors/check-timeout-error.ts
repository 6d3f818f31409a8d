/** Thrown when one check of `popdesk check` did not finish within its timeout. */
export class CheckTimeoutError extends Error {
  override name = 'CheckTimeoutError';
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`${what} did not finish within ${Math.round(timeoutMs / 100) / 10} s`, options);
    this.timeoutMs = timeoutMs;
  }
}
