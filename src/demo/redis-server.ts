import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { ensureDebianPackage } from './system-packages.js';

const REDIS_SERVER = '/usr/bin/redis-server';

/** A private redis-server on a loopback port, configured the way popdesk expects Redis. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL) and starts it again on the same port and data: a Redis crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Installs redis-server when it is missing (as root on Debian) or says what to install. */
export function ensureRedis(): void {
  ensureDebianPackage(REDIS_SERVER, ['redis-server']);
}

/** How to run the private Redis; the defaults are what popdesk expects in production. */
export interface StartRedisOptions {
  readonly appendfsync?: 'always' | 'everysec';
  readonly appendonly?: boolean;
  readonly maxmemoryPolicy?: string;
}

/**
 * Starts redis-server with AOF on and `maxmemory-policy noeviction`, as popdesk requires, in a
 * temporary directory. `appendfsync` defaults to `always`: nothing acknowledged is lost.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  ensureRedis();
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-redis-'));
  const port = await freePort();
  const settings: Record<string, string> = {
    port: String(port),
    bind: '127.0.0.1',
    dir,
    save: '',
    appendonly: options.appendonly === false ? 'no' : 'yes',
    appendfsync: options.appendfsync ?? 'always',
    'maxmemory-policy': options.maxmemoryPolicy ?? 'noeviction',
    'protected-mode': 'yes',
    logfile: join(dir, 'redis.log'),
  };
  const args = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, value]);
  let child = await launch(args, port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async crash() {
      await kill(child, 'SIGKILL');
      child = await launch(args, port);
    },
    async stop() {
      await kill(child, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await answersPing(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port} within 10 s`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
