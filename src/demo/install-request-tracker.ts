import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The standalone server the Debian package ships. */
export const RT_SERVER = '/usr/share/request-tracker5/libexec/rt-server';
/** The Debian packages that make a runnable RT 5 on SQLite. */
export const RT_PACKAGES = ['request-tracker5', 'rt5-db-sqlite', 'rt5-standalone'] as const;
/** Where Debian's dbconfig-common puts the SQLite database; private instances copy it. */
export const INSTALLED_DATABASE = '/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb';
/** The system install's root password; a private instance replaces it with a random one. */
const INSTALL_ROOT_PASSWORD = 'popdesk-rt-install';

/**
 * Installs RT 5 from Debian's packages when it is missing, as root, with the debconf answers that
 * make the install unattended (SQLite, no cron jobs); otherwise fails naming the packages. w3m, a
 * recommended package, stays out: RT would spawn it for every HTML message.
 */
export function ensureRequestTracker(): void {
  if (existsSync(RT_SERVER) && existsSync(INSTALLED_DATABASE)) return;
  const command = `apt-get install -y --no-install-recommends ${RT_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `Request Tracker 5 is missing (${RT_SERVER}): run \`sudo apt-get update && sudo ${command}\` ` +
        'and choose the SQLite database when asked',
    );
  }
  // The maintainer scripts load RT's config: a private instance's must not leak into them.
  // env(1) adjusts the environment for the child alone; this process never reads its own.
  const clean = ['-u', 'RT_SITE_CONFIG', '-u', 'RT_SITE_CONFIG_DIR', 'DEBIAN_FRONTEND=noninteractive'];
  execFileSync('env', [...clean, 'debconf-set-selections'], {
    input: debconfAnswers(),
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const install = (): void => {
    execFileSync('env', [...clean, 'apt-get', 'install', '-y', '--no-install-recommends', ...RT_PACKAGES], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  };
  try {
    install();
  } catch {
    execFileSync('env', [...clean, 'apt-get', 'update'], { stdio: 'ignore' });
    install();
  }
  if (!existsSync(RT_SERVER) || !existsSync(INSTALLED_DATABASE)) {
    throw new Error(
      `installing ${RT_PACKAGES.join(' ')} did not provide ${RT_SERVER} and ${INSTALLED_DATABASE}`,
    );
  }
}

function debconfAnswers(): string {
  const answers: readonly (readonly [string, string, string])[] = [
    ['request-tracker5/dbconfig-install', 'boolean', 'true'],
    ['request-tracker5/database-type', 'select', 'sqlite3'],
    ['request-tracker5/initial-root-password', 'password', INSTALL_ROOT_PASSWORD],
    ['request-tracker5/install-cronjobs', 'boolean', 'false'],
    ['request-tracker5/rtname', 'string', 'popdesk.test'],
    ['request-tracker5/organization', 'string', 'popdesk.test'],
    ['request-tracker5/correspondaddress', 'string', 'rt@popdesk.test'],
    ['request-tracker5/commentaddress', 'string', 'rt-comment@popdesk.test'],
    ['request-tracker5/webbaseurl', 'string', 'http://localhost'],
    ['request-tracker5/webpath', 'string', '/rt'],
    ['rt5-db-sqlite/available', 'boolean', 'true'],
  ];
  return answers
    .map(([question, type, value]) => `${question.split('/')[0]} ${question} ${type} ${value}\n`)
    .join('');
}
