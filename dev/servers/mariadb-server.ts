import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { stopProcessGroup } from './process-group.js';
import { requireInstalled } from './require-installed.js';

const run = promisify(execFile);

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';
const CLIENT = '/usr/bin/mariadb';
const READY_TIMEOUT_MS = 30_000;

/**
 * Small redo log and buffer pool: a test database holds a few MB, and the defaults (96 MB of log
 * written at install, 128 MB of pool) cost time and memory on a shared 2-core machine.
 */
const SERVER_SETTINGS = ['--innodb-log-file-size=8M', '--innodb-buffer-pool-size=32M', '--skip-name-resolve'];

/** A private MariaDB: its own data directory and socket, TCP on a loopback port. */
export interface MariaDbServer {
  readonly port: number;
  /** The Unix socket `root` logs in through, without a password: it lies in a directory only this user can enter. */
  readonly socket: string;
  /**
   * Runs SQL as root in `database` and resolves with the rows, tab-separated columns split;
   * NULL reads `NULL`. Binary columns should be selected with `HEX()`.
   */
  query(sql: string, database?: string): Promise<string[][]>;
  stop(): Promise<void>;
}

/**
 * Starts `mariadbd --no-defaults` (so /etc/mysql is never read) on a fresh data directory made by
 * `mariadb-install-db`, on a free loopback port (a fresh one when another test took it first).
 * Runs as root when the tests do, which mariadbd allows only with `--user=root`.
 */
export async function startMariaDb(): Promise<MariaDbServer> {
  requireInstalled('MariaDB', [MARIADBD, INSTALL_DB, CLIENT]);
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-mariadb-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'mariadb.sock');
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  try {
    await mkdir(data);
    await run(INSTALL_DB, [
      '--no-defaults',
      `--datadir=${data}`,
      ...user,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...SERVER_SETTINGS,
    ]);
    const query = async (sql: string, database?: string): Promise<string[][]> => {
      const { stdout } = await run(
        CLIENT,
        [
          '--no-defaults',
          `--socket=${socket}`,
          '--user=root',
          '--batch',
          '--raw',
          '--skip-column-names',
          '--execute',
          sql,
          ...(database !== undefined ? [database] : []),
        ],
        { maxBuffer: 256 * 1024 * 1024 },
      );
      return stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    };
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const child = spawn(
        MARIADBD,
        [
          '--no-defaults',
          `--datadir=${data}`,
          `--socket=${socket}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--pid-file=${join(dir, 'mariadbd.pid')}`,
          ...user,
          ...SERVER_SETTINGS,
        ],
        { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let output = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-8192);
      });
      try {
        await waitUntilReady(child, query, () => output);
      } catch (error) {
        await stopProcessGroup(child, 1000);
        if (attempt < 3 && /address already in use/i.test(output)) continue;
        throw error;
      }
      // Detached, it would outlive a test run that crashed: end it when this process exits.
      const killOnExit = (): void => {
        killGroup(child);
        rmSync(dir, { recursive: true, force: true });
      };
      process.once('exit', killOnExit);
      return {
        port,
        socket,
        query,
        async stop() {
          process.off('exit', killOnExit);
          await stopProcessGroup(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function waitUntilReady(
  child: ChildProcess,
  query: (sql: string) => Promise<string[][]>,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`mariadbd exited (${child.exitCode ?? child.signalCode}): ${output()}`);
    }
    const answered = await query('SELECT 1').then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`mariadbd did not answer within ${READY_TIMEOUT_MS / 1000} s: ${output()}`);
}

/** SIGKILL to the process group `child` leads (it was spawned detached), and nothing else. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
