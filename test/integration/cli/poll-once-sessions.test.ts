import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../dev/servers/webhook-receiver.js';
import { type FaultServer, startFaultServer } from '../../support/fault-pop3-server.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

const secret = randomBytes(24).toString('hex');
let redis: RedisServer;
let receiver: WebhookReceiver;
let dir: string;

beforeAll(async () => {
  [redis, receiver, dir] = await Promise.all([
    startRedis(),
    startWebhookReceiver({ secret }),
    mkdtemp(join(tmpdir(), 'popdesk-sessions-')),
  ]);
});
afterAll(async () => {
  await receiver?.close();
  await redis?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Writes a config for one mailbox on `server` (plain POP3 on loopback) and returns its path. */
async function configFile(
  name: string,
  server: FaultServer,
  mailbox: Record<string, unknown>,
): Promise<string> {
  const path = join(dir, `${name}.yaml`);
  const data = {
    redis: { url: redis.url, prefix: name },
    mailboxes: [
      { id: 'support', host: '127.0.0.1', port: server.port, tls: 'none', username: 'user', ...mailbox },
    ],
    helpdesk: { type: 'webhook', url: receiver.url, secret },
    log: { level: 'info' },
  };
  await writeFile(path, stringify(data));
  return path;
}

function logins(server: FaultServer): number {
  return server.commands.filter((line) => line.startsWith('PASS')).length;
}

test('poll-once against Cyrus refusing the second login (LOGIN-DELAY): what the first session queued becomes tickets, exit 0', async () => {
  const mails = testMails(5, { tag: 'cyrus-cli' });
  const server: FaultServer = await startFaultServer({
    messages: mails.map((mail) => mail.raw),
    hook: async (session, verb) => {
      if (verb !== 'PASS' || logins(server) < 2) return false;
      await session.send('-ERR [LOGIN-DELAY] Minimum time between mail checks violated\r\n');
      return true;
    },
  });
  try {
    const before = receiver.tickets.size;
    const path = await configFile('cyrus', server, { password: 'secret', batchSize: 2 });
    const result = await popdesk(['poll-once', '--config', path]).exit;
    expect(result.code).toBe(0);
    expect(receiver.tickets.size - before).toBe(2);
    expect(server.remaining()).toHaveLength(3);
  } finally {
    await server.close();
  }
});

test('poll-once with a wrong password: logged at error with the next attempt, and the next run does not log in again', async () => {
  const server = await startFaultServer({ messages: testMails(1, { tag: 'wrong' }).map((mail) => mail.raw) });
  try {
    const path = await configFile('wrong', server, { password: 'wrong', pollInterval: '10m' });
    const first = await popdesk(['poll-once', '--config', path]).exit;
    expect(first.code).toBe(1);
    const refused = first.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.nextLoginAt !== undefined);
    expect(refused).toMatchObject({ level: 'error', failures: 1 });
    const second = await popdesk(['poll-once', '--config', path]).exit;
    expect(second.code).toBe(1);
    expect(logins(server)).toBe(1);
    expect(server.remaining()).toHaveLength(1);
  } finally {
    await server.close();
  }
});

test('a scheduled poll finding the lock held longer than a poll can take warns', async () => {
  const server = await startFaultServer();
  const client = new Redis(redis.url);
  try {
    const path = await configFile('stuck', server, { password: 'secret', sessionDeadline: '1s' });
    const takenAt = Date.now() - 10 * 60_000;
    await client.set('stuck:lock:poll:support', `${takenAt}:another-poller`, 'PX', 60_000);
    const run = popdesk(['start', '--role', 'poller', '--config', path]);
    const warned = new Promise<Record<string, unknown>>((resolve) => {
      // Runs after popdesk-cli's own listener, so run.output already holds this chunk.
      run.child.stdout?.on('data', () => {
        const line = run.output.stdout
          .split('\n')
          .find((text) => text.includes('longer than a poll can take'));
        if (line !== undefined) resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
    // Bounded so a poller that never warns is still stopped (the assertion then fails).
    const noWarning = new Promise<undefined>((resolve) =>
      setTimeout(() => resolve(undefined), 30_000).unref(),
    );
    try {
      expect(await Promise.race([warned, noWarning])).toMatchObject({
        level: 'warn',
        heldSince: new Date(takenAt).toISOString(),
      });
    } finally {
      run.child.kill('SIGTERM');
      await run.exit;
    }
    expect(logins(server)).toBe(0);
  } finally {
    client.disconnect();
    await server.close();
  }
});
