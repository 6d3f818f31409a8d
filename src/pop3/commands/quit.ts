import type { Pop3Connection } from '../pop3-connection.js';

/**
 * Ends the session (RFC 1939 section 6). In the TRANSACTION state the server now removes the
 * messages marked with DELE; only a `+OK` here means they are gone. `-ERR` means some were not
 * removed and rejects with a `Pop3CommandError`.
 */
export async function quit(connection: Pop3Connection): Promise<void> {
  connection.expectClose();
  try {
    await connection.send({ name: 'QUIT', line: 'QUIT', pipelinable: false, multiline: false });
  } finally {
    connection.destroy();
  }
}
