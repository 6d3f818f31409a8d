import { spawnSync } from 'node:child_process';

/**
 * Compiles popdesk into `dist/` (`npm run build`), for benches that run the compiled CLI as
 * operators do; exits this process with the build's status when it fails.
 */
export function buildDist(repository: string): void {
  process.stderr.write('building dist/ ...\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repository, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
