import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lmtpDeliver } from './lmtp-deliver.js';
import type { Pop3TestServer, Pop3TestUser } from './pop3-test-server.js';
import { notInstalled } from './require-installed.js';
import { startOnFreePort } from './start-on-free-port.js';

/** Where scripts/install-system-packages.sh unpacks cyrus-pop3d (it conflicts with dovecot-pop3d). */
const POP3D = '/opt/popdesk-test/cyrus-pop3d/usr/lib/cyrus/bin/pop3d';
const CYRUS_BIN = '/usr/lib/cyrus/bin';
const REQUIRED = [
  POP3D,
  `${CYRUS_BIN}/master`,
  `${CYRUS_BIN}/lmtpd`,
  `${CYRUS_BIN}/mbexamine`,
  '/usr/sbin/saslpasswd2',
];

/** A private Cyrus IMAP server's POP3 service on loopback: plain POP3, mail in over LMTP. */
export interface CyrusServer extends Pop3TestServer {
  /**
   * Sets `popminpoll` (minutes between two logins of one user) for every later connection:
   * 0 stands in for "the delay has passed" without a test sleeping a minute.
   */
  setPopMinPoll(minutes: number): Promise<void>;
}

/** Why a private Cyrus cannot run here, with how to get it; undefined when it can. */
export function cyrusUnavailable(): string | undefined {
  const missing = notInstalled('Cyrus POP3', REQUIRED);
  if (missing !== undefined) return missing;
  if (process.getuid?.() !== 0)
    return 'a private Cyrus needs root (its master runs the services as user cyrus)';
  return undefined;
}

/**
 * Starts a private Cyrus: its own imapd.conf and cyrus.conf (every service gets `-C`), sasldb
 * passwords, spool and sockets under a temporary directory. `popMinPoll` defaults to Debian's
 * `popminpoll: 1`, which refuses a user's second login within a minute with `-ERR [LOGIN-DELAY]`.
 */
export async function startCyrus(
  options: { users?: readonly Pop3TestUser[]; popMinPoll?: number } = {},
): Promise<CyrusServer> {
  const unavailable = cyrusUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  // lmtpd and pop3d sync every change to disk: in memory, 200 mails go in in 1 s instead of 7.
  const dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'popdesk-cyrus-'));
  await chmod(dir, 0o755);
  const users = options.users ?? [{ username: 'alice', password: 'alice-secret-pw' }];
  const cyrusUid = Number(execFileSync('id', ['-u', 'cyrus']).toString());
  const cyrusGid = Number(execFileSync('id', ['-g', 'cyrus']).toString());
  for (const sub of ['config', 'spool', 'socket', 'proc', 'lock']) {
    await mkdir(join(dir, sub));
    await chown(join(dir, sub), cyrusUid, cyrusGid);
  }
  // The SASL realm is the server name; a unique one also tells our greeting from another's.
  const serverName = `popdesk-${randomBytes(4).toString('hex')}`;
  const imapdConf = join(dir, 'imapd.conf');
  const writeImapdConf = (popMinPoll: number): Promise<void> =>
    writeFile(imapdConf, imapdConfig(dir, serverName, popMinPoll));
  await writeImapdConf(options.popMinPoll ?? 1);
  const sasldb = join(dir, 'sasldb2');
  for (const user of users) {
    execFileSync('saslpasswd2', ['-p', '-c', '-f', sasldb, '-u', serverName, user.username], {
      input: `${user.password}\n`,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
  }
  await chown(sasldb, cyrusUid, cyrusGid);
  const asCyrus = { uid: cyrusUid, gid: cyrusGid };

  const server = await startOnFreePort({
    name: 'Cyrus',
    dir,
    launch: async (port) => {
      await writeFile(join(dir, 'cyrus.conf'), cyrusConfig(dir, imapdConf, port));
      return spawn(
        `${CYRUS_BIN}/master`,
        ['-C', imapdConf, '-M', join(dir, 'cyrus.conf'), '-p', join(dir, 'master.pid'), '-D'],
        // Its own process group, so stop() ends the pop3d and lmtpd children too.
        { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    },
    greeting: new RegExp(serverName),
    // Cyrus logs only to syslog, so a port taken meanwhile shows only as no greeting of ours.
    retryable: () => true,
  });

  return {
    host: '127.0.0.1',
    port: server.port,
    users,
    async deliver(username, messages) {
      const socket = join(dir, 'socket', 'lmtp');
      // The first delivery creates the INBOX (autocreate_post); two at once would both try.
      await lmtpDeliver(socket, username, messages.slice(0, 1));
      // lmtpd commits every message to disk before it answers: four connections share the wait.
      const rest = messages.slice(1);
      const lanes = [0, 1, 2, 3].map((lane) => rest.filter((_, index) => index % 4 === lane));
      await Promise.all(lanes.map((lane) => lmtpDeliver(socket, username, lane)));
    },
    async count(username) {
      // As user cyrus: a tool run as root could leave root-owned files the server cannot open.
      const report = execFileSync(`${CYRUS_BIN}/mbexamine`, ['-C', imapdConf, `user.${username}`], {
        ...asCyrus,
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString();
      const match = /Number of Messages: (\d+)/.exec(report);
      if (match === null) throw new Error(`mbexamine did not say how many messages user.${username} holds`);
      return Number(match[1]);
    },
    async setPopMinPoll(minutes) {
      await writeImapdConf(minutes);
    },
    stop: () => server.stop(),
  };
}

function imapdConfig(dir: string, serverName: string, popMinPoll: number): string {
  return `configdirectory: ${dir}/config
proc_path: ${dir}/proc
mboxname_lockpath: ${dir}/lock
defaultpartition: default
partition-default: ${dir}/spool
servername: ${serverName}
altnamespace: no
unixhierarchysep: no
lmtp_downcase_rcpt: yes
popminpoll: ${popMinPoll}
autocreate_post: 1
autocreate_quota: 0
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${dir}/sasldb2
sasl_mech_list: PLAIN LOGIN
duplicatesuppression: 0
lmtpsocket: ${dir}/socket/lmtp
idlesocket: ${dir}/socket/idle
notifysocket: ${dir}/socket/notify
`;
}

/**
 * `-U 1` makes every connection a fresh pop3d that reads imapd.conf anew, so setPopMinPoll
 * applies to the next login (Cyrus otherwise reuses a service process up to 250 times).
 */
function cyrusConfig(dir: string, imapdConf: string, port: number): string {
  return `START {
  recover cmd="${CYRUS_BIN}/ctl_cyrusdb -C ${imapdConf} -r"
}
SERVICES {
  pop3 cmd="${POP3D} -C ${imapdConf} -U 1" listen="127.0.0.1:${port}" prefork=0
  lmtpunix cmd="${CYRUS_BIN}/lmtpd -C ${imapdConf}" listen="${dir}/socket/lmtp" prefork=0
}
EVENTS {
}
DAEMON {
}
`;
}
