/** Thrown by `settleWithin` when a readiness check got no answer in time (Redis not answering a PING). */
export class CheckTimeoutError extends Error {
  override name = 'CheckTimeoutError';

  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`no answer within ${timeoutMs} ms`, options);
  }
}
