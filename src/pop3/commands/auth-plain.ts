import type { Pop3Connection } from '../pop3-connection.js';
import { saslExchange } from './sasl-exchange.js';

/** SASL PLAIN (RFC 4616) with an empty authorization identity. */
export function authPlain(connection: Pop3Connection, username: string, password: string): Promise<void> {
  const response = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
  return saslExchange(connection, 'PLAIN', response);
}
