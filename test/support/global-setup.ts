import { ensureDovecot } from '../../src/demo/dovecot-server.js';
import { ensureRequestTracker } from '../../src/demo/install-request-tracker.js';
import { ensureRedis } from '../../src/demo/redis-server.js';

/** Installs the real servers the integration tests start, once, before any test file runs. */
export default function setup(): void {
  ensureDovecot();
  ensureRedis();
  ensureRequestTracker();
}
