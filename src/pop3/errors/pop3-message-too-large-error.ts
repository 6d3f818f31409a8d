import { Pop3Error } from './pop3-error.js';

/** The most bytes of an oversize body kept in {@link Pop3MessageTooLargeError.head}. */
export const MAX_HEAD_BYTES = 64 * 1024;

/**
 * A RETR or TOP body grew past the byte limit set for it. `head` holds the first bytes that
 * arrived (at most {@link MAX_HEAD_BYTES}), enough to keep the headers in a dead letter.
 */
export class Pop3MessageTooLargeError extends Pop3Error {
  override name = 'Pop3MessageTooLargeError';

  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  /** The first body bytes received before the limit hit, unstuffed, at most 64 KiB. */
  readonly head: Buffer;

  constructor(message: string, limitBytes: number, head: Buffer, options?: { cause?: unknown }) {
    super(message, options);
    this.limitBytes = limitBytes;
    this.head = head.length > MAX_HEAD_BYTES ? head.subarray(0, MAX_HEAD_BYTES) : head;
  }
}
