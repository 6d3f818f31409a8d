import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Makes sure `binary` exists: installs the Debian packages that provide it when running as root,
 * and otherwise fails with the install command. Tests never skip silently for a missing server.
 */
export function ensureDebianPackage(binary: string, packages: readonly string[]): void {
  if (existsSync(binary)) return;
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${binary} is missing: run \`sudo apt-get update && sudo ${command}\``);
  }
  // `env VAR=value` sets the variable for apt alone, without this process touching its environment.
  const aptGet = (...args: string[]): void => {
    execFileSync('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { stdio: 'ignore' });
  };
  try {
    aptGet('install', '-y', '--no-install-recommends', ...packages);
  } catch {
    aptGet('update');
    aptGet('install', '-y', '--no-install-recommends', ...packages);
  }
  if (!existsSync(binary)) throw new Error(`installing ${packages.join(' ')} did not provide ${binary}`);
}
