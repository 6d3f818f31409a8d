import type { Socket } from 'node:net';
import type { Pop3Connection } from '../pop3-connection.js';

/** Sends STLS (RFC 2595) and, once the server agrees, moves the session onto TLS. */
export async function stls(
  connection: Pop3Connection,
  upgrade: (socket: Socket) => Promise<Socket>,
): Promise<void> {
  await connection.send({ name: 'STLS', line: 'STLS', pipelinable: false, multiline: false });
  await connection.replaceSocket(upgrade);
}
