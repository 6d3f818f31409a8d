import { Pop3ConnectionError } from './pop3-connection-error.js';

/**
 * Thrown by `login()` under `pipelining: probe` when the server failed the probe in a way that
 * left the session unusable: the second of two NOOPs sent in one write was not answered in
 * time (a server that drops what follows the first line of a write), or the connection closed
 * or sent an unreadable reply. Nothing was fetched or marked yet. The host is remembered, so a
 * new session opened at once goes lock-step without probing.
 */
export class Pop3PipeliningProbeError extends Pop3ConnectionError {
  override name = 'Pop3PipeliningProbeError';
}
