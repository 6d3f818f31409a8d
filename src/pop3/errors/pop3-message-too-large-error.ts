import { Pop3Error } from './pop3-error.js';

/**
 * A multi-line reply grew past the byte limit set for it (for RETR, derived from the size LIST
 * announced). The transfer is aborted and the session destroyed, so nothing half-read is used.
 */
export class Pop3MessageTooLargeError extends Pop3Error {
  override name = 'Pop3MessageTooLargeError';

  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;

  constructor(message: string, limitBytes: number, options?: { cause?: unknown }) {
    super(message, options);
    this.limitBytes = limitBytes;
  }
}
