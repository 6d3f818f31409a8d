import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { requireInstalled } from './require-installed.js';

const REDIS_SERVER = '/usr/bin/redis-server';

/** A private redis-server on a loopback port, configured the way popdesk expects Redis. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /**
   * Kills the server (SIGKILL) and starts it again on the same port and data, `downMs` later: a
   * Redis crash, or an outage.
   */
  crash(downMs?: number): Promise<void>;
  /** Freezes the process (SIGSTOP): it keeps its sockets but answers nothing, like a hung replica. */
  pause(): void;
  /** Lets a paused server run on (SIGCONT). */
  resume(): void;
  stop(): Promise<void>;
}

/** How to run the private Redis; the defaults are what popdesk expects in production. */
export interface StartRedisOptions {
  readonly appendfsync?: 'always' | 'everysec';
  readonly appendonly?: boolean;
  readonly maxmemoryPolicy?: string;
  /** Listen on this port (e.g. to bring a Redis back where popdesk expects it); a free one when omitted. */
  readonly port?: number;
  /** Require this password (`requirepass`); the URL then carries it. */
  readonly password?: string;
  /** More redis.conf settings by name (`replicaof`, `cluster-enabled`, ...), added last. */
  readonly settings?: Readonly<Record<string, string>>;
}

/**
 * Starts redis-server with AOF on and `maxmemory-policy noeviction`, as popdesk requires, in a
 * temporary directory. `appendfsync` defaults to `always`: nothing acknowledged is lost.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  requireInstalled('Redis', [REDIS_SERVER]);
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-redis-'));
  const settingsFor = (port: number): Record<string, string> => ({
    port: String(port),
    bind: '127.0.0.1',
    dir,
    save: '',
    appendonly: options.appendonly === false ? 'no' : 'yes',
    appendfsync: options.appendfsync ?? 'always',
    'maxmemory-policy': options.maxmemoryPolicy ?? 'noeviction',
    'protected-mode': 'yes',
    logfile: join(dir, 'redis.log'),
    ...(options.password !== undefined ? { requirepass: options.password } : {}),
    ...options.settings,
  });
  // A port found free can be taken by another test before redis-server binds it: try fresh ones.
  let port = 0;
  let args: string[] = [];
  let child: ChildProcess | undefined;
  for (let attempt = 1; child === undefined; attempt += 1) {
    port = options.port ?? (await freePort());
    // A setting with several arguments (`replicaof HOST PORT`) takes them as separate words.
    args = Object.entries(settingsFor(port)).flatMap(([name, value]) => [`--${name}`, ...value.split(' ')]);
    try {
      child = await launchRedisProcess(args, port, options.password);
    } catch (error) {
      if (attempt >= 3 || options.port !== undefined) throw error;
    }
  }
  let server = child;
  return {
    port,
    url: `redis://${options.password !== undefined ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}`,
    async crash(downMs = 0) {
      await killRedisProcess(server, 'SIGKILL');
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await launchRedisProcess(args, port, options.password);
    },
    pause() {
      server.kill('SIGSTOP');
    },
    resume() {
      server.kill('SIGCONT');
    },
    async stop() {
      server.kill('SIGCONT');
      await killRedisProcess(server, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs redis-server with `args` (a sentinel too: `CONF --sentinel`) and resolves once that very
 * process answers on `port`.
 */
export async function launchRedisProcess(
  args: string[],
  port: number,
  password?: string,
): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    // The pid check: on a port taken meanwhile, another test's Redis would answer the ping.
    if ((await serverPid(port, password)) === child.pid) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port} within 10 s`);
}

/** The process id of the Redis answering on `port`, or undefined when none answers. */
function serverPid(port: number, password?: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (pid: number | undefined): void => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(500, () => done(undefined));
    socket.once('connect', () =>
      socket.write(`${password !== undefined ? `AUTH "${password}"\r\n` : ''}INFO server\r\n`),
    );
    socket.on('data', (data) => {
      reply += data.toString();
      const match = /process_id:(\d+)/.exec(reply);
      if (match?.[1] !== undefined) done(Number(match[1]));
    });
    socket.once('error', () => done(undefined));
  });
}

/** Ends a process started by {@link launchRedisProcess} and waits until it is gone. */
export async function killRedisProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
