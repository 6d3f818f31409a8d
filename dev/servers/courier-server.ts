import { execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countMaildir, deliverToMaildir } from './maildir.js';
import type { Pop3TestServer, Pop3TestUser } from './pop3-test-server.js';
import { notInstalled } from './require-installed.js';
import { startOnFreePort } from './start-on-free-port.js';

/** Where scripts/install-system-packages.sh unpacks courier-pop (it conflicts with dovecot-pop3d). */
const COURIER_POP = '/opt/popdesk-test/courier-pop';
const LOGIN = `${COURIER_POP}/usr/lib/courier/courier/courierpop3login`;
const POP3D = `${COURIER_POP}/usr/lib/courier/courier/courierpop3d`;
const AUTHDAEMOND = '/usr/lib/courier/courier-authlib/authdaemond';
const REQUIRED = [
  LOGIN,
  POP3D,
  AUTHDAEMOND,
  '/usr/sbin/couriertcpd',
  '/usr/sbin/makeuserdb',
  '/usr/bin/unshare',
];

/** A private Courier POP3 server (courierpop3login + courierpop3d) on loopback: Maildirs, plain POP3. */
export type CourierServer = Pop3TestServer;

/**
 * Why a private Courier cannot run here, with how to get it; undefined when it can. Courier's
 * authentication library has its socket and user database paths compiled in, so each instance
 * runs in a mount namespace of its own, which needs root.
 */
export function courierUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'a private Courier needs root (a mount namespace of its own)';
  const missing = notInstalled('Courier POP3', REQUIRED);
  if (missing !== undefined) return missing;
  try {
    execFileSync('unshare', ['--mount', 'true'], { stdio: 'ignore' });
  } catch {
    return 'this machine allows no private mount namespace (`unshare --mount` failed), which a private Courier needs';
  }
  return undefined;
}

/**
 * Starts a private Courier POP3 server with its own authdaemond and userdb. /etc/courier and
 * /run/courier are bind-mounted from a temporary directory inside a private mount namespace,
 * so nothing of the system's Courier configuration is read or changed.
 */
export async function startCourier(
  options: { users?: readonly Pop3TestUser[] } = {},
): Promise<CourierServer> {
  const unavailable = courierUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-courier-'));
  // courierpop3d runs as the mail owner; it must reach the Maildirs below this directory.
  await chmod(dir, 0o755);
  const users = options.users ?? [{ username: 'alice', password: 'alice-secret-pw' }];
  // `nobody`, as for Dovecot: a POP3 server should not open mail as root.
  const [mailUid, mailGid] = [65534, 65534];
  const maildir = (username: string): string => join(dir, 'home', username, 'Maildir');
  for (const user of users) {
    for (const sub of ['new', 'cur', 'tmp'])
      await mkdir(join(maildir(user.username), sub), { recursive: true });
    for (const path of [join(dir, 'home', user.username), maildir(user.username)])
      await chown(path, mailUid, mailGid);
    for (const sub of ['new', 'cur', 'tmp']) await chown(join(maildir(user.username), sub), mailUid, mailGid);
  }
  await mkdir(join(dir, 'etc'));
  await mkdir(join(dir, 'run', 'authdaemon'), { recursive: true });
  await writeFile(
    join(dir, 'etc', 'authdaemonrc'),
    'authmodulelist="authuserdb"\ndaemons=3\nauthdaemonvar=/run/courier/authdaemon\nDEBUG_LOGIN=0\nDEFAULTOPTIONS=""\nLOGGEROPTS=""\n',
  );
  await writeFile(join(dir, 'start.sh'), startScript(dir, users, maildir, mailUid, mailGid));

  const server = await startOnFreePort({
    name: 'Courier',
    dir,
    launch: async (port) =>
      spawn('unshare', ['--mount', '--propagation', 'private', 'sh', join(dir, 'start.sh')], {
        // Its own process group, so stop() ends authdaemond and the login processes too.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Passwords reach userdbpw through the environment, never through argv.
        env: {
          PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
          COURIER_TEST_PORT: String(port),
          ...passwords(users),
        },
      }),
    greeting: /Hello there/,
    retryable: (output) => /in use/i.test(output),
  });

  return {
    host: '127.0.0.1',
    port: server.port,
    users,
    deliver: (username, messages) =>
      deliverToMaildir(maildir(username), messages, { uid: mailUid, gid: mailGid }),
    count: (username) => countMaildir(maildir(username)),
    stop: () => server.stop(),
  };
}

function passwords(users: readonly Pop3TestUser[]): Record<string, string> {
  return Object.fromEntries(users.map((user, index) => [`COURIER_TEST_PASSWORD_${index}`, user.password]));
}

/**
 * The shell script run inside the mount namespace: private /etc/courier and /run/courier, the
 * users in userdb, authdaemond in the background, then couriertcpd in the foreground. Debian's
 * pop3d settings are sourced for the variables courierpop3login reads; it sets PORT=110, so the
 * port comes in as COURIER_TEST_PORT.
 */
function startScript(
  dir: string,
  users: readonly Pop3TestUser[],
  maildir: (username: string) => string,
  uid: number,
  gid: number,
): string {
  const addUsers = users.map(
    (user, index) =>
      `userdb '${user.username}' set uid=${uid} gid=${gid} home='${join(dir, 'home', user.username)}' mail='${maildir(user.username)}'\n` +
      `printf '%s\\n' "$COURIER_TEST_PASSWORD_${index}" | userdbpw -md5 | userdb '${user.username}' set systempw\n`,
  );
  return `set -e
# /run is a tmpfs: after a reboot without systemd's tmpfiles, /run/courier may be gone.
mkdir -p /run/courier
mount --bind '${dir}/etc' /etc/courier
mount --bind '${dir}/run' /run/courier
${addUsers.join('')}makeuserdb
'${AUTHDAEMOND}' &
# courierpop3login asks authdaemond at the first login: have its socket ready before the greeting.
tries=0
until [ -S /run/courier/authdaemon/socket ] || [ $tries -ge 100 ]; do sleep 0.1; tries=$((tries + 1)); done
set -a
. '${COURIER_POP}/etc/courier/pop3d'
exec couriertcpd -address=127.0.0.1 -nodnslookup -noidentlookup -maxprocs=40 -maxperip=40 "$COURIER_TEST_PORT" '${LOGIN}' '${POP3D}' Maildir
`;
}
