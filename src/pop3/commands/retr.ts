import type { Pop3Connection } from '../pop3-connection.js';
import { messageNumber } from './message-number.js';

/** How RETR and TOP hand over the message. */
export interface BodyOptions {
  /** Reject with `Pop3MessageTooLargeError` once the body grows past this many bytes; the session goes on. */
  readonly maxBytes: number;
  /** Receives body chunks as they arrive; without it the body is collected and returned. */
  readonly onData?: (chunk: Buffer) => void;
}

/**
 * Retrieves a whole message (RFC 1939 section 7), exact to the byte after dot-unstuffing.
 * Resolves with the body, or with an empty Buffer when `onData` consumed it.
 */
export async function retr(
  connection: Pop3Connection,
  message: number,
  options: BodyOptions,
): Promise<Buffer> {
  const reply = await connection.send({
    name: 'RETR',
    line: `RETR ${messageNumber(message)}`,
    pipelinable: true,
    multiline: true,
    maxBodyBytes: options.maxBytes,
    ...(options.onData !== undefined ? { onData: options.onData } : {}),
  });
  return reply.body ?? Buffer.alloc(0);
}
