import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type DovecotServer, startDovecot } from '../../dev/servers/dovecot-server.js';
import { type RedisServer, startRedis } from '../../dev/servers/redis-server.js';
import type { SeededRandom } from '../pop3/seeded-random.js';
import { type CuttingProxy, startCuttingProxy } from './cutting-proxy.js';
import { type FlakyReceiver, startFlakyReceiver } from './flaky-receiver.js';

/** The servers popdesk runs against in a chaos run, all private and on loopback. */
export interface ChaosEnvironment {
  readonly redis: RedisServer;
  readonly dovecot: DovecotServer;
  readonly username: string;
  readonly proxy: CuttingProxy;
  readonly receiver: FlakyReceiver;
  /** The popdesk config file every process of the run reads. */
  readonly configPath: string;
  readonly prefix: string;
  /** Stops whatever was started; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Redis (AOF, `appendfsync always`, `noeviction`: what popdesk asks for), Dovecot behind
 * the cutting proxy (plain POP3, so the proxy sees RETR), and the flaky receiver, and writes a
 * config with short timeouts and backoffs so a run ends within minutes.
 */
export async function startChaosEnvironment(random: SeededRandom): Promise<ChaosEnvironment> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const redis = await startRedis({ appendfsync: 'always', maxmemoryPolicy: 'noeviction' });
    stops.push(() => redis.stop());
    const dovecot = await startDovecot();
    stops.push(() => dovecot.stop());
    const proxy = await startCuttingProxy({ host: dovecot.host, port: dovecot.pop3Port });
    stops.push(() => proxy.close());
    const secret = randomBytes(24).toString('hex');
    const receiver = await startFlakyReceiver(
      secret,
      {
        serverError: 0.06,
        rateLimited: 0.04,
        slowBefore: 0.05,
        slowAfter: 0.05,
        slowMs: [500, 3000],
        latencyMs: [50, 400],
      },
      random,
    );
    stops.push(() => receiver.close());
    const dir = await mkdtemp(join(tmpdir(), 'popdesk-chaos-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const user = dovecot.users[0];
    if (user === undefined) throw new Error('Dovecot started without a user');
    const prefix = 'chaos';
    const configPath = join(dir, 'popdesk.yaml');
    await writeFile(
      configPath,
      stringify({
        redis: { url: redis.url, prefix },
        mailboxes: [
          {
            id: 'support',
            host: proxy.host,
            port: proxy.port,
            tls: 'none',
            username: user.username,
            password: user.password,
            pollInterval: '1s',
            batchSize: 50,
            timeout: '10s',
          },
        ],
        // 2 s against answers up to 3 s slow: some posts time out on a ticket that exists.
        helpdesk: { type: 'webhook', url: receiver.url, secret, timeout: '2s' },
        worker: { concurrency: 4, backoff: { initial: '500ms', max: '5s' } },
        shutdown: { graceTimeout: '5s' },
        // Three processes on one host: each takes a free port for /metrics instead of 9464.
        http: { port: 0 },
        log: { level: 'info' },
      }),
      { mode: 0o600 },
    );
    return { redis, dovecot, username: user.username, proxy, receiver, configPath, prefix, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
