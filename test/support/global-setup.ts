import { ensureDovecot } from './dovecot.js';

/** Installs the real servers the integration tests start, once, before any test file runs. */
export default function setup(): void {
  ensureDovecot();
}
