import { Pop3Error } from './pop3-error.js';

/**
 * The server broke the protocol: a reply that is neither `+OK` nor `-ERR`, data nobody asked
 * for, a line longer than the limit. The session is destroyed; it cannot be trusted any more.
 */
export class Pop3ProtocolError extends Pop3Error {
  override name = 'Pop3ProtocolError';
}
