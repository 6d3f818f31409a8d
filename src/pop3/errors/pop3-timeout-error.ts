import { Pop3Error } from './pop3-error.js';

/** The server sent nothing for longer than the configured timeout while a reply was due. */
export class Pop3TimeoutError extends Pop3Error {
  override name = 'Pop3TimeoutError';

  /** The idle time that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}
