import type { Pop3Connection } from '../pop3-connection.js';

/** Does nothing but prove the session is alive (RFC 1939 section 5). */
export async function noop(connection: Pop3Connection): Promise<void> {
  await connection.send({ name: 'NOOP', line: 'NOOP', pipelinable: true, multiline: false });
}
