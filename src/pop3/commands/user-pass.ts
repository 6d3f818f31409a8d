import { Pop3AuthError } from '../errors/pop3-auth-error.js';
import { Pop3CommandError } from '../errors/pop3-command-error.js';
import type { Pop3Connection } from '../pop3-connection.js';

/** USER then PASS (RFC 1939 section 7). The password is written to the socket and nowhere else. */
export async function userPass(
  connection: Pop3Connection,
  username: string,
  password: string,
): Promise<void> {
  try {
    await connection.send({ name: 'USER', line: `USER ${username}`, pipelinable: false, multiline: false });
    await connection.send({ name: 'PASS', line: `PASS ${password}`, pipelinable: false, multiline: false });
  } catch (error) {
    if (error instanceof Pop3CommandError) {
      throw new Pop3AuthError('USER/PASS', error.serverText, error.code, { cause: error });
    }
    throw error;
  }
}
