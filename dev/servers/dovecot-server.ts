import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chownTree } from './chown-tree.js';
import { freePort } from './free-port.js';
import type { Pop3TestServer, Pop3TestUser } from './pop3-test-server.js';
import { requireInstalled } from './require-installed.js';
import { waitForGreeting } from './wait-for-greeting.js';

const DOVECOT = '/usr/sbin/dovecot';

/** A mailbox user of the private Dovecot: a password for USER/PASS and PLAIN, a token for XOAUTH2. */
export interface DovecotUser extends Pop3TestUser {
  readonly token: string;
}

/**
 * A private Dovecot POP3 server on loopback, with its own config, certificate and Maildirs:
 * a {@link Pop3TestServer} that also speaks POP3S and XOAUTH2.
 */
export interface DovecotServer extends Omit<Pop3TestServer, 'port' | 'users'> {
  /** Plain POP3 (STLS offered). */
  readonly pop3Port: number;
  /** POP3 over implicit TLS. */
  readonly pop3sPort: number;
  /** The self-signed certificate (PEM) the server presents, to pass as `ca`. */
  readonly certificate: string;
  /** The same certificate as a file, for a config's `caFile`. */
  readonly certificatePath: string;
  readonly users: readonly DovecotUser[];
}

/**
 * Starts a private Dovecot. When the tests run as root, mail belongs to `nobody` (Dovecot will
 * not open mail as uid 0) and the login processes run as `dovenull`, as Debian sets them up.
 */
export async function startDovecot(options: { users?: readonly DovecotUser[] } = {}): Promise<DovecotServer> {
  requireInstalled('Dovecot', [DOVECOT, '/usr/bin/openssl']);
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-dovecot-'));
  // Dovecot's auth and mail processes run as other users; they must reach their files.
  await chmod(dir, 0o755);
  const users = options.users ?? [
    {
      username: 'alice@example.com',
      password: 'alice-secret-pw',
      token: `alice-token-${randomBytes(6).toString('hex')}`,
    },
  ];
  const isRoot = process.getuid?.() === 0;
  const mailUid = isRoot ? 65534 : (process.getuid?.() ?? 65534);
  const mailGid = isRoot ? 65534 : (process.getgid?.() ?? 65534);
  const me = isRoot ? undefined : execFileSync('id', ['-un']).toString().trim();

  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  await writeFile(join(dir, 'users'), users.map((u) => `${u.username}:{PLAIN}${u.password}\n`).join(''));
  await writeFile(join(dir, 'tokens'), users.map((u) => `${u.username}:{PLAIN}${u.token}\n`).join(''));
  for (const user of users) {
    for (const sub of ['new', 'cur', 'tmp'])
      await mkdir(join(dir, 'mail', user.username, 'Maildir', sub), { recursive: true });
  }
  if (isRoot) await chownTree(join(dir, 'mail'), mailUid, mailGid);
  await mkdir(join(dir, 'state'));
  const configFor = (pop3Port: number, pop3sPort: number): string => `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = popdesk-${pop3Port}
protocols = pop3
listen = 127.0.0.1
log_path = ${dir}/dovecot.log
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u/Maildir
pop3_uidl_format = %08Xu%08Xv
first_valid_uid = 1
default_internal_user = ${me ?? 'dovecot'}
default_login_user = ${me ?? 'dovenull'}
${me !== undefined ? `default_internal_group = ${me}` : ''}
service pop3-login {
  inet_listener pop3 {
    port = ${pop3Port}
  }
  inet_listener pop3s {
    port = ${pop3sPort}
    ssl = yes
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
  mechanisms = plain login
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/tokens
  mechanisms = xoauth2 oauthbearer
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/mail/%u
}
`;
  // A port found free can be taken by another test before Dovecot binds it: try fresh ones.
  let pop3Port = 0;
  let pop3sPort = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 1; child === undefined; attempt += 1) {
    [pop3Port, pop3sPort] = [await freePort(), await freePort()];
    await writeFile(join(dir, 'dovecot.conf'), configFor(pop3Port, pop3sPort));
    const started = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      await waitForGreeting(pop3Port, started, /^\+OK/, () => stderr);
      child = started;
    } catch (error) {
      started.kill('SIGKILL');
      const log = existsSync(join(dir, 'dovecot.log'))
        ? await readFile(join(dir, 'dovecot.log'), 'utf8')
        : '';
      if (attempt < 3 && /Address already in use/.test(`${stderr}${log}`)) continue;
      throw new Error(`Dovecot did not start: ${String(error)}\n${stderr}\n${log}`);
    }
  }
  const server = child;

  let sequence = 0;
  const maildir = (username: string): string => join(dir, 'mail', username, 'Maildir');
  return {
    host: '127.0.0.1',
    pop3Port,
    pop3sPort,
    certificate: await readFile(join(dir, 'cert.pem'), 'utf8'),
    certificatePath: join(dir, 'cert.pem'),
    users,
    async deliver(username, messages) {
      for (const message of messages) {
        sequence += 1;
        const name = `${Date.now()}.P${process.pid}Q${sequence}.popdesk-test,S=${message.length}`;
        const temporary = join(maildir(username), 'tmp', name);
        await writeFile(temporary, message);
        if (isRoot) await chown(temporary, mailUid, mailGid);
        await rename(temporary, join(maildir(username), 'new', name));
      }
    },
    async count(username) {
      const [fresh, seen] = await Promise.all([
        readdir(join(maildir(username), 'new')),
        readdir(join(maildir(username), 'cur')),
      ]);
      return fresh.length + seen.length;
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
