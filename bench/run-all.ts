/**
 * `npm run bench`: every benchmark, one after the other, each in a process of its own so none
 * inherits another's heap. Arguments are passed to each; the first failure stops the run.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = ['bench/pop3/bench-pop3.ts', 'bench/pipeline/bench-pipeline.ts', 'bench/e2e/bench-e2e.ts'];
const TSX = join(REPOSITORY, 'node_modules', '.bin', 'tsx');

for (const bench of BENCHES) {
  process.stderr.write(`== ${bench}\n`);
  const result = spawnSync(TSX, [bench, ...process.argv.slice(2)], { cwd: REPOSITORY, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`${bench} failed (${result.signal ?? `exit ${result.status}`})\n`);
    process.exit(result.status ?? 1);
  }
}
