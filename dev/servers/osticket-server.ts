import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { chmod, chown, copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import axios from 'axios';
import { freePort } from './free-port.js';
import { killGroup, type MariaDbServer, startMariaDb } from './mariadb-server.js';
import { apacheConfig } from './osticket-apache-config.js';
import { stopProcessGroup } from './process-group.js';
import { requireInstalled } from './require-installed.js';

const run = promisify(execFile);

const APACHE = '/usr/sbin/apache2';
const MOD_PHP = '/usr/lib/apache2/modules/libphp8.2.so';
/** What the installer checks (`Installer::check_prereq`) and what osTicket loads at run time. */
const PHP_EXTENSIONS = ['mysqli', 'imap', 'mbstring', 'dom', 'gd', 'intl', 'apcu'].map(
  (name) => `/etc/php/8.2/mods-available/${name}.ini`,
);
const READY_TIMEOUT_MS = 30_000;
const DATABASE = 'osticket';

/** The environment variable naming the osTicket source tarball. */
export const OSTICKET_TARBALL_VARIABLE = 'POPDESK_OSTICKET_TARBALL';

/**
 * The osTicket 1.18.1 source tarball the tests run: `POPDESK_OSTICKET_TARBALL`, else
 * `../shared/vendor/osticket-1.18.1.tar.xz` beside the project root. GPL-2.0 test data, never shipped.
 */
export function osTicketTarball(): string {
  const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
  return (
    process.env[OSTICKET_TARBALL_VARIABLE] ?? resolve(projectRoot, '../shared/vendor/osticket-1.18.1.tar.xz')
  );
}

/**
 * Why the real osTicket cannot run here, as a line for the test output; undefined when it can.
 * Only the tarball is optional: missing Debian packages are an install step, and fail loudly.
 */
export function osTicketUnavailable(): string | undefined {
  const tarball = osTicketTarball();
  if (existsSync(tarball)) return undefined;
  return (
    `osTicket tests skipped: no osTicket source at ${tarball}. Get the v1.18.1 tree ` +
    '(git archive --prefix=osticket-1.18.1/ v1.18.1 of https://github.com/osTicket/osTicket, xz-compressed) ' +
    `and put it there, or set ${OSTICKET_TARBALL_VARIABLE} to its path.`
  );
}

/** A private osTicket 1.18 behind Apache and mod_php, with its own MariaDB. */
export interface OsTicketServer {
  /** The site, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The API base the adapter takes: `${url}/api`. */
  readonly apiUrl: string;
  /** A key with "Can Create Tickets", bound to 127.0.0.1. */
  readonly apiKey: string;
  readonly database: MariaDbServer;
  /** Runs SQL in osTicket's database (tables `ost_*`). */
  sql(query: string): Promise<string[][]>;
  /** Sets a value of osTicket's `core` settings (`ost_config`), e.g. `ticket_number_format`. */
  setConfig(key: string, value: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts osTicket as an admin would run it: the tarball unpacked to a temporary directory, a
 * private MariaDB, Apache (prefork, mod_php, `AllowOverride All` for the API's rewrite rules)
 * from its own config file on a free loopback port, the web installer driven with its two POSTs,
 * and an API key row. `php -S` cannot serve the API: `osTicket::is_cli()` takes the cli-server
 * SAPI for the command line, so the API reads stdin and answers 200 with a fatal error.
 */
export async function startOsTicket(): Promise<OsTicketServer> {
  requireInstalled('Apache with mod_php for osTicket', [APACHE, MOD_PHP, ...PHP_EXTENSIONS]);
  const tarball = osTicketTarball();
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-osticket-'));
  let database: MariaDbServer | undefined;
  try {
    await chmod(dir, 0o755);
    await run('tar', ['-xJf', tarball, '-C', dir]);
    const root = await sourceRoot(dir);
    const mariadb = await startMariaDb();
    database = mariadb;
    const password = randomBytes(12).toString('hex');
    await database.query(
      `CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4;
       CREATE USER 'osticket'@'127.0.0.1' IDENTIFIED BY '${password}';
       GRANT ALL ON ${DATABASE}.* TO 'osticket'@'127.0.0.1';`,
    );
    // The installer writes the settings into this file, as www-data; read-only afterwards.
    const configFile = join(root, 'include', 'ost-config.php');
    await copyFile(join(root, 'include', 'ost-sampleconfig.php'), configFile);
    const owner = serverUser();
    if (owner !== undefined) await chown(configFile, owner.uid, owner.gid);

    const apache = await startApache(dir, root);
    const url = `http://127.0.0.1:${apache.port}`;
    // Detached, Apache would outlive a test run that crashed (MariaDB sees to itself).
    const killOnExit = (): void => {
      killGroup(apache.child);
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    const stopApache = async (): Promise<void> => {
      process.off('exit', killOnExit);
      await stopProcessGroup(apache.child);
    };
    try {
      await install(url, database.port, password);
      await chmod(configFile, 0o444);
      const apiKey = randomBytes(16).toString('hex').toUpperCase();
      const sql = (query: string): Promise<string[][]> => mariadb.query(query, DATABASE);
      await sql(
        `INSERT INTO ost_api_key SET isactive=1, ipaddr='127.0.0.1', apikey='${apiKey}',
           can_create_tickets=1, can_exec_cron=0, notes='popdesk tests', updated=NOW(), created=NOW()`,
      );
      const setConfig = async (key: string, value: string): Promise<void> => {
        // Settings still at their built-in default (OsticketConfig::$defaults) have no row yet.
        await sql(
          `INSERT INTO ost_config SET namespace='core', \`key\`=${quote(key)}, value=${quote(value)}, updated=NOW()
           ON DUPLICATE KEY UPDATE value=VALUES(value), updated=NOW()`,
        );
      };
      // "Verify email addresses" looks up each sender's MX record: test machines may have no DNS.
      await setConfig('verify_email_addrs', '0');
      return {
        url,
        apiUrl: `${url}/api`,
        apiKey,
        database: mariadb,
        sql,
        setConfig,
        async stop() {
          await stopApache();
          await mariadb.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // The database and the directory go in the catch below.
      await stopApache();
      throw error;
    }
  } catch (error) {
    await database?.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The unpacked tree: the one directory in `dir` that holds osTicket's sample config. */
async function sourceRoot(dir: string): Promise<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const candidate = join(dir, entry.name);
    if (entry.isDirectory() && existsSync(join(candidate, 'include', 'ost-sampleconfig.php')))
      return candidate;
  }
  throw new Error(`${osTicketTarball()} holds no osTicket source tree (include/ost-sampleconfig.php)`);
}

/** A SQL string literal. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

async function startApache(
  dir: string,
  documentRoot: string,
): Promise<{ port: number; child: ChildProcess }> {
  const configFile = join(dir, 'apache2.conf');
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    await writeFile(configFile, apacheConfig({ dir, documentRoot, port, modPhp: MOD_PHP }));
    // -DFOREGROUND: the parent stays our child, so its process group (every prefork worker) can be ended.
    const child = spawn(APACHE, ['-f', configFile, '-DFOREGROUND'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8192);
    });
    try {
      await waitForInstaller(`http://127.0.0.1:${port}`, child, () => output);
      return { port, child };
    } catch (error) {
      await stopProcessGroup(child, 1000);
      if (attempt < 3 && /address already in use/i.test(output)) continue;
      throw error;
    }
  }
}

/** Waits until the installer page answers from our Apache (and not from whoever took the port). */
async function waitForInstaller(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`apache2 exited (${child.exitCode ?? child.signalCode}): ${output()}`);
    }
    const page = await axios
      .get<string>(`${url}/setup/install.php`, { timeout: 2000, responseType: 'text' })
      .then((response) => response.data)
      .catch(() => '');
    if (page.includes('osTicket') && child.exitCode === null) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`osTicket's installer did not answer within ${READY_TIMEOUT_MS / 1000} s: ${output()}`);
}

/**
 * Drives setup/install.php as a browser would: its wizard keeps the step in the PHP session, so
 * the cookie from the first GET goes with both POSTs (`s=prereq`, then `s=install`).
 */
async function install(url: string, databasePort: number, databasePassword: string): Promise<void> {
  const page = `${url}/setup/install.php`;
  const first = await axios.get<string>(page, { responseType: 'text' });
  const cookie = (first.headers['set-cookie'] ?? []).map((value) => value.split(';')[0]).join('; ');
  const post = (fields: Record<string, string>) =>
    axios.post<string>(page, new URLSearchParams(fields).toString(), {
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      responseType: 'text',
      timeout: 60_000,
    });
  await post({ s: 'prereq' });
  const adminPassword = `Pw-${randomBytes(9).toString('hex')}`;
  const answer = await post({
    s: 'install',
    name: 'popdesk test desk',
    email: 'helpdesk@popdesk.test',
    lang_id: 'en_US',
    fname: 'Test',
    lname: 'Admin',
    admin_email: 'admin@popdesk.test',
    username: 'ostadmin',
    passwd: adminPassword,
    passwd2: adminPassword,
    prefix: 'ost_',
    dbhost: `127.0.0.1:${databasePort}`,
    dbname: DATABASE,
    dbuser: 'osticket',
    dbpass: databasePassword,
    timezone: 'UTC',
  });
  if (!answer.data.includes('Congratulations')) {
    const errors = [...answer.data.matchAll(/class="error"[^>]*>([^<]+)/g)].map((match) => match[1]);
    throw new Error(
      `osTicket's installer did not finish: ${errors.join('; ') || answer.data.slice(0, 2000)}`,
    );
  }
}

/** www-data when running as root (Apache drops to it); the current user otherwise. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'www-data']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'www-data']).toString().trim());
  return { uid, gid };
}
