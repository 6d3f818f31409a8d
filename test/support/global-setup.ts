import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Before any test file runs, makes sure the real servers the integration tests start are
 * installed, through the one installer: as root it installs what is missing, otherwise it fails
 * naming the command. Fast when everything is there. `npm test` has run it already; this covers
 * `npx vitest run` on a fresh machine.
 */
export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/install-system-packages.sh', import.meta.url));
  execFileSync('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
}
