import type { Pop3Connection } from '../pop3-connection.js';
import { messageNumber } from './message-number.js';
import { parseOctets, parseScanLine, parseScanListing } from './scan-listing.js';

/** Listings are small; this only stops a server that never ends one. */
const MAX_LISTING_BYTES = 64 * 1024 * 1024;

/** Every message's size in octets, by message number (RFC 1939 section 5). */
export async function list(connection: Pop3Connection): Promise<Map<number, number>> {
  const reply = await connection.send({
    name: 'LIST',
    line: 'LIST',
    pipelinable: true,
    multiline: true,
    maxBodyBytes: MAX_LISTING_BYTES,
  });
  const sizes = new Map<number, number>();
  for (const [number, size] of parseScanListing('LIST', reply.body ?? Buffer.alloc(0))) {
    sizes.set(number, parseOctets('LIST', size));
  }
  return sizes;
}

/** One message's size in octets. */
export async function listOne(connection: Pop3Connection, message: number): Promise<number> {
  const reply = await connection.send({
    name: 'LIST',
    line: `LIST ${messageNumber(message)}`,
    pipelinable: true,
    multiline: false,
  });
  return parseOctets('LIST', parseScanLine('LIST', reply.text)[1]);
}

export { MAX_LISTING_BYTES };
