import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Before any test file runs as root, installs what is missing of the real servers the
 * integration tests start, through the one installer (fast when everything is there). `npm test`
 * has run it already; this covers `npx vitest run` on a fresh machine. As another user nothing
 * is installed: a test that starts a missing server fails naming the command, and unit tests run.
 */
export default function setup(): void {
  if (process.getuid?.() !== 0) return;
  const script = fileURLToPath(new URL('../../scripts/install-system-packages.sh', import.meta.url));
  execFileSync('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
}
