/**
 * A POP3 session ran past `sessionDeadline` (a server trickling bytes resets every idle timer)
 * and was destroyed without QUIT: nothing it marked for deletion is deleted, and the next poll
 * deletes what this one had already queued.
 */
export class SessionDeadlineError extends Error {
  override name = 'SessionDeadlineError';

  readonly deadlineMs: number;

  constructor(deadlineMs: number, options?: { cause?: unknown }) {
    super(`the POP3 session ran longer than sessionDeadline (${deadlineMs} ms) and was dropped`, options);
    this.deadlineMs = deadlineMs;
  }
}
