import type { Pop3Connection } from '../pop3-connection.js';
import { parseOctets, parseScanLine } from './scan-listing.js';

/** The maildrop's message count and total size in octets (RFC 1939 section 5). */
export interface Pop3Stat {
  readonly count: number;
  readonly size: number;
}

export async function stat(connection: Pop3Connection): Promise<Pop3Stat> {
  const reply = await connection.send({ name: 'STAT', line: 'STAT', pipelinable: true, multiline: false });
  const [count, size] = parseScanLine('STAT', reply.text);
  return { count, size: parseOctets('STAT', size) };
}
