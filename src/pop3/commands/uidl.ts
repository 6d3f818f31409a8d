import type { Pop3Connection } from '../pop3-connection.js';
import { MAX_LISTING_BYTES } from './list.js';
import { messageNumber } from './message-number.js';
import { parseScanLine, parseScanListing } from './scan-listing.js';

/**
 * Every message's unique id, by message number (RFC 1939 section 7). Unlike message numbers,
 * these stay the same across sessions, which is what de-duplication keys on.
 */
export async function uidl(connection: Pop3Connection): Promise<Map<number, string>> {
  const reply = await connection.send({
    name: 'UIDL',
    line: 'UIDL',
    pipelinable: true,
    multiline: true,
    maxBodyBytes: MAX_LISTING_BYTES,
  });
  return parseScanListing('UIDL', reply.body ?? Buffer.alloc(0));
}

/** One message's unique id. */
export async function uidlOne(connection: Pop3Connection, message: number): Promise<string> {
  const reply = await connection.send({
    name: 'UIDL',
    line: `UIDL ${messageNumber(message)}`,
    pipelinable: true,
    multiline: false,
  });
  return parseScanLine('UIDL', reply.text)[1];
}
