import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { chownTree } from './chown-tree.js';
import { freePort } from './free-port.js';
import { POPDESK_RT_RIGHTS, SETUP_SCRIPT, siteConfig } from './request-tracker-site.js';
import { requireInstalled } from './require-installed.js';

/** The standalone server Debian's rt5-standalone ships. */
export const RT_SERVER = '/usr/share/request-tracker5/libexec/rt-server';
/**
 * Where Debian's dbconfig-common puts the SQLite database scripts/install-system-packages.sh
 * chose for RT; private instances copy it.
 */
const INSTALLED_DATABASE = '/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb';

const READY_TIMEOUT_MS = 60_000;
/** The RT user popdesk posts as. */
const POPDESK_USER = 'popdesk';

/** Which records a custom field belongs to. */
export type RtCustomFieldTarget = 'ticket' | 'transaction';

const LOOKUP_TYPES: Record<RtCustomFieldTarget, string> = {
  ticket: 'RT::Queue-RT::Ticket',
  transaction: 'RT::Queue-RT::Ticket-RT::Transaction',
};

/** A private Request Tracker 5 on a loopback port, with its own copy of the database. */
export interface RequestTrackerServer {
  /** Base URL; REST2 is at `${url}/REST/2.0`. */
  readonly url: string;
  /** The instance name, as in subject tags `[rtname #123]`. */
  readonly rtname: string;
  /** A privileged user holding exactly {@link POPDESK_RT_RIGHTS}, as docs/helpdesks/rt.md sets one up. */
  readonly username: string;
  readonly password: string;
  /** An auth token of that user, for `Authorization: token ...`. */
  readonly token: string;
  /** Password of RT's superuser `root`. */
  readonly rootPassword: string;
  /** The freeform custom field holding a mail's Message-ID: on tickets and on transactions, all queues. */
  readonly messageIdField: string;
  /** Where the instance's files live (database, config, outgoing mail as `*.mbox`). */
  readonly directory: string;
  /** Talks to REST2 (base URL `/REST/2.0`) as root: for setup and for checking what RT stored. */
  readonly api: AxiosInstance;
  /** Creates a queue; resolves with its id. */
  createQueue(name: string): Promise<number>;
  /** Creates a freeform custom field applied to all queues; resolves with its id. */
  createCustomField(
    name: string,
    target: RtCustomFieldTarget,
    options?: { multiple?: boolean },
  ): Promise<number>;
  /**
   * Grants rights to RT's Everyone group, globally: what RT's own mail gateway (`rt-mailgate`)
   * needs for mail from anyone, e.g. `CreateTicket` and `ReplyToTicket`.
   */
  grantEveryone(...rights: string[]): void;
  /** Every mail RT sent so far (autoreplies, notifications), as the mbox text it wrote instead. */
  sentMail(): Promise<string>;
  stop(): Promise<void>;
}

/** Options of {@link startRequestTracker}. */
export interface StartRequestTrackerOptions {
  /** Default `popdesk.test`. */
  readonly rtname?: string;
  /** Name of the Message-ID custom fields to create. Default `Message-ID`. */
  readonly messageIdField?: string;
}

/**
 * Starts a private RT: a copy of the installed SQLite database in a temporary directory, a site
 * config of its own (given with `RT_SITE_CONFIG` and an empty `RT_SITE_CONFIG_DIR`: without the
 * latter RT would also load /etc/request-tracker5/RT_SiteConfig.d, whose dbconfig file points at
 * the system database), outgoing mail written to an mbox file instead of sent, and what
 * docs/helpdesks/rt.md asks an RT admin to set up: a `popdesk` user with {@link POPDESK_RT_RIGHTS},
 * a password and an auth token, the `Message-ID` custom fields on tickets and transactions of all
 * queues, and the scrip change that keeps customers' replies from being mailed back to them.
 * `rt-server` runs as www-data, as Debian's install expects.
 */
export async function startRequestTracker(
  options: StartRequestTrackerOptions = {},
): Promise<RequestTrackerServer> {
  requireInstalled('Request Tracker 5', [RT_SERVER, INSTALLED_DATABASE]);
  const rtname = options.rtname ?? 'popdesk.test';
  const messageIdField = options.messageIdField ?? 'Message-ID';
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-rt-'));
  const owner = serverUser();
  try {
    await chmod(dir, 0o755);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    await copyFile(INSTALLED_DATABASE, join(dir, 'rtdb'));
    for (const sub of ['mason', 'sessions', 'site.d']) await mkdir(join(dir, sub));
    await writeFile(join(dir, 'RT_SiteConfig.pm'), siteConfig(dir, rtname, port));
    await writeFile(join(dir, 'setup.pl'), SETUP_SCRIPT);
    if (owner !== undefined) await chownTree(dir, owner.uid, owner.gid);

    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: dir,
      LANG: 'C.UTF-8',
      RT_SITE_CONFIG: join(dir, 'RT_SiteConfig.pm'),
      RT_SITE_CONFIG_DIR: join(dir, 'site.d'),
    };
    const perl = (...args: string[]): string =>
      execFileSync('perl', [join(dir, 'setup.pl'), ...args], {
        env,
        cwd: dir,
        ...owner,
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString();
    const rootPassword = randomBytes(12).toString('hex');
    const password = randomBytes(12).toString('hex');
    const token = /^token=(\S+)$/m.exec(
      perl('init', rootPassword, POPDESK_USER, password, ...POPDESK_RT_RIGHTS),
    )?.[1];
    if (token === undefined) throw new Error('RT setup printed no auth token');

    const child = spawn(RT_SERVER, ['--host', '127.0.0.1', '--port', String(port), '--max-workers', '2'], {
      env,
      cwd: dir,
      ...owner,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8192);
    });
    const api = axios.create({
      baseURL: `${url}/REST/2.0`,
      auth: { username: 'root', password: rootPassword },
      timeout: 30_000,
      maxBodyLength: Number.POSITIVE_INFINITY,
      maxContentLength: Number.POSITIVE_INFINITY,
    });
    // The server leads its own process group: it must not outlive a test run that crashed.
    const killOnExit = (): void => {
      killGroup(child, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    const abandon = async (error: unknown): Promise<never> => {
      await stopProcessGroup(child);
      process.off('exit', killOnExit);
      throw error;
    };
    await waitUntilReady(api, child, () => stderr).catch(abandon);

    const createCustomField = async (
      name: string,
      target: RtCustomFieldTarget,
      fieldOptions: { multiple?: boolean } = {},
    ): Promise<number> => {
      const body: Record<string, unknown> = {
        Name: name,
        Type: 'Freeform',
        MaxValues: fieldOptions.multiple === true ? 0 : 1,
      };
      // `Queue: 0` applies a ticket field to all queues; it would turn any other field into a ticket field.
      if (target === 'ticket') body.Queue = 0;
      else body.LookupType = LOOKUP_TYPES[target];
      const id = Number((await api.post<{ id: string }>('/customfield', body)).data.id);
      // REST2 in RT 5.0 cannot apply a transaction field to queues: do what Admin > Custom Fields > Applies to does.
      if (target === 'transaction') perl('apply-globally', String(id));
      return id;
    };
    await createCustomField(messageIdField, 'ticket').catch(abandon);
    await createCustomField(messageIdField, 'transaction').catch(abandon);

    return {
      url,
      rtname,
      username: POPDESK_USER,
      password,
      token,
      rootPassword,
      messageIdField,
      directory: dir,
      api,
      async createQueue(name) {
        const response = await api.post<{ id: string }>('/queue', { Name: name });
        return Number(response.data.id);
      },
      createCustomField,
      grantEveryone(...rights) {
        perl('grant-everyone', ...rights);
      },
      async sentMail() {
        const files = (await readdir(dir)).filter((name) => name.endsWith('.mbox')).sort();
        const texts = await Promise.all(files.map((name) => readFile(join(dir, name), 'utf8')));
        return texts.join('');
      },
      async stop() {
        await stopProcessGroup(child);
        process.off('exit', killOnExit);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** www-data when running as root (RT's files belong to it); the current user otherwise. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'www-data']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'www-data']).toString().trim());
  return { uid, gid };
}

async function waitUntilReady(api: AxiosInstance, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rt-server exited with ${child.exitCode}:\n${stderr()}`);
    const status = await api
      .get('/rt', { timeout: 2000, validateStatus: () => true })
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`RT's REST2 did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${stderr()}`);
}

/** rt-server forks workers: signal the whole group it leads, then wait for the leader. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // Workers that outlived their parent.
  killGroup(child, 'SIGKILL');
}

/** Signals the process group `child` leads (it was spawned detached), and nothing else. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export { POPDESK_RT_RIGHTS } from './request-tracker-site.js';
