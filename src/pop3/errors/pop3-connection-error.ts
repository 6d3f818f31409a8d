import { Pop3Error } from './pop3-error.js';

/**
 * The TCP or TLS connection failed: it could not be opened, it was reset, or the server closed
 * it while a reply was still expected. Nothing after the last committed QUIT took effect.
 */
export class Pop3ConnectionError extends Pop3Error {
  override name = 'Pop3ConnectionError';
}
