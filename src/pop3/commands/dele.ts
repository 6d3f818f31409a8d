import type { Pop3Connection } from '../pop3-connection.js';
import { messageNumber } from './message-number.js';

/**
 * Marks a message deleted (RFC 1939 section 5). Nothing is removed until QUIT succeeds, so a
 * session that breaks before QUIT deletes nothing.
 */
export async function dele(connection: Pop3Connection, message: number): Promise<void> {
  await connection.send({
    name: 'DELE',
    line: `DELE ${messageNumber(message)}`,
    pipelinable: true,
    multiline: false,
  });
}
