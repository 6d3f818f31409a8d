import type { Pop3Connection } from '../pop3-connection.js';
import { saslExchange } from './sasl-exchange.js';

/**
 * SASL XOAUTH2, as Outlook.com and Gmail take it: `user=<address>^Aauth=Bearer <token>^A^A`
 * in base64, sent after the server's `+` (Microsoft's "Authenticate an IMAP, POP or SMTP
 * connection using OAuth"). For a shared mailbox, `username` is the shared mailbox address.
 */
export function authXoauth2(
  connection: Pop3Connection,
  username: string,
  accessToken: string,
): Promise<void> {
  const response = Buffer.from(`user=${username}\x01auth=Bearer ${accessToken}\x01\x01`, 'utf8').toString(
    'base64',
  );
  return saslExchange(connection, 'XOAUTH2', response);
}
