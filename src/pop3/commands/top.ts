import type { Pop3Connection } from '../pop3-connection.js';
import { messageNumber } from './message-number.js';
import type { BodyOptions } from './retr.js';

/**
 * The header block and the first `lines` body lines of a message (RFC 1939 section 7); with
 * `lines` 0, the headers alone: how a message too large to download is still identified.
 */
export async function top(
  connection: Pop3Connection,
  message: number,
  lines: number,
  options: BodyOptions,
): Promise<Buffer> {
  if (!Number.isSafeInteger(lines) || lines < 0)
    throw new RangeError(`TOP takes a line count >= 0, got ${lines}`);
  const reply = await connection.send({
    name: 'TOP',
    line: `TOP ${messageNumber(message)} ${lines}`,
    pipelinable: true,
    multiline: true,
    maxBodyBytes: options.maxBytes,
    ...(options.onData !== undefined ? { onData: options.onData } : {}),
  });
  return reply.body ?? Buffer.alloc(0);
}
