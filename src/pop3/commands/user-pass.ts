import { Pop3AuthError } from '../errors/pop3-auth-error.js';
import { Pop3CommandError } from '../errors/pop3-command-error.js';
import type { Pop3Connection } from '../pop3-connection.js';

/**
 * USER then PASS (RFC 1939 section 7), one round trip each: before login the connection is
 * lock-step, since no CAPA was asked (see `Pop3Client.connect`). PASS ends the AUTHORIZATION
 * state, so even in a pipelining session nothing follows it on the wire until it is answered.
 * The password is written to the socket and nowhere else.
 */
export async function userPass(
  connection: Pop3Connection,
  username: string,
  password: string,
): Promise<void> {
  const replies = await Promise.allSettled([
    connection.send({
      name: 'USER',
      line: `USER ${username}`,
      pipelinable: true,
      multiline: false,
      exclusive: true,
    }),
    connection.send({
      name: 'PASS',
      line: `PASS ${password}`,
      pipelinable: true,
      changesState: true,
      multiline: false,
      exclusive: true,
    }),
  ]);
  for (const reply of replies) {
    if (reply.status === 'fulfilled') continue;
    const error: unknown = reply.reason;
    if (error instanceof Pop3CommandError) {
      throw new Pop3AuthError('USER/PASS', error.serverText, error.code, { cause: error });
    }
    throw error;
  }
}
