import { existsSync } from 'node:fs';

/** The one installer of the Debian packages the private servers run; npm test and npm run demo call it. */
export const INSTALL_COMMAND = 'sudo bash scripts/install-system-packages.sh';

/**
 * Why `what` cannot run, naming its missing files and the install command; undefined when every
 * one of `paths` exists. The servers only check: installing is the shell script's job alone.
 */
export function notInstalled(what: string, paths: readonly string[]): string | undefined {
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length === 0) return undefined;
  return `${what} is not installed (${missing.join(', ')}): run \`${INSTALL_COMMAND}\``;
}

/** Throws {@link notInstalled}'s reason when `what` is missing. Tests never skip silently for it. */
export function requireInstalled(what: string, paths: readonly string[]): void {
  const reason = notInstalled(what, paths);
  if (reason !== undefined) throw new Error(reason);
}
