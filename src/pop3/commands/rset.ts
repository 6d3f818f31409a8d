import type { Pop3Connection } from '../pop3-connection.js';

/** Unmarks every message marked deleted in this session (RFC 1939 section 5). */
export async function rset(connection: Pop3Connection): Promise<void> {
  await connection.send({ name: 'RSET', line: 'RSET', pipelinable: true, multiline: false });
}
