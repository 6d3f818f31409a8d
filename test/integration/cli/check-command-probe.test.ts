import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../dev/servers/webhook-receiver.js';
import { type FaultServerOptions, startFaultServer } from '../../support/fault-pop3-server.js';
import { type PopdeskExit, popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

/** Outlook.com's CAPA (a published fetchmail trace, FACTS.md): no PIPELINING. */
const OUTLOOK_CAPA = ['TOP', 'UIDL', 'SASL PLAIN', 'USER'];
const secret = randomBytes(24).toString('hex');
let redis: RedisServer;
let receiver: WebhookReceiver;
let dir: string;

beforeAll(async () => {
  [redis, receiver, dir] = await Promise.all([
    startRedis(),
    startWebhookReceiver({ secret }),
    mkdtemp(join(tmpdir(), 'popdesk-check-probe-')),
  ]);
});
afterAll(async () => {
  await receiver?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** `popdesk check` with `pipelining: probe` against a POP3 server that does not advertise PIPELINING. */
async function checkProbe(
  name: string,
  server: FaultServerOptions,
): Promise<{ exit: PopdeskExit; noops: number }> {
  const pop3 = await startFaultServer({
    capabilities: OUTLOOK_CAPA,
    messages: testMails(2).map((m) => m.raw),
    ...server,
  });
  try {
    const path = join(dir, `${name}.yaml`);
    await writeFile(
      path,
      stringify({
        redis: { url: redis.url, prefix: `t${randomBytes(4).toString('hex')}` },
        mailboxes: [
          {
            id: 'outlook',
            host: '127.0.0.1',
            port: pop3.port,
            tls: 'none',
            username: 'user',
            password: 'secret',
            pipelining: 'probe',
            timeout: '2s',
          },
        ],
        helpdesk: { type: 'webhook', url: receiver.url, secret },
      }),
    );
    const exit = await popdesk(['check', '--config', path]).exit;
    expect(pop3.remaining()).toHaveLength(2);
    return { exit, noops: pop3.commands.filter((command) => command === 'NOOP').length };
  } finally {
    await pop3.close();
  }
}

function line(stdout: string, name: string): string {
  const found = stdout.split('\n').find((candidate) => candidate.slice(5).startsWith(`${name}:`));
  if (found === undefined) throw new Error(`no line for ${name} in:\n${stdout}`);
  return found;
}

test('a server that answers pipelined NOOPs in order: check says the probe passed', async () => {
  const { exit, noops } = await checkProbe('accepts', {});
  expect(exit.code, exit.stdout).toBe(0);
  expect(noops).toBe(2);
  expect(line(exit.stdout, 'mailbox outlook: pipelining')).toMatch(/^ok .*the probe passed/);
  expect(line(exit.stdout, 'mailbox outlook: capabilities')).toContain('PIPELINING no');
}, 60_000);

test('a server that drops pipelined commands: the probe failed, lock-step, and the mailbox still checks out', async () => {
  const { exit } = await checkProbe('drops', { dropPipelined: true });
  expect(exit.code, exit.stdout).toBe(0);
  expect(line(exit.stdout, 'mailbox outlook: pipelining')).toMatch(/^ok .*the probe failed.*lock-step/);
  expect(line(exit.stdout, 'mailbox outlook: messages')).toContain('2 waiting');
}, 60_000);
