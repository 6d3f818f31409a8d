import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Pop3Client } from '../../../src/pop3/index.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';

let env: PipelineEnvironment;
let redis: Redis;

beforeAll(async () => {
  env = await startPipelineEnvironment();
  redis = new Redis(env.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await env?.stop();
});

const CUSTOMER = 'Dana Customer <dana@customers.example>';

function mail(headers: readonly string[], body: string): Buffer {
  return Buffer.from(
    `${[...headers, 'Date: Thu, 03 Dec 2026 09:00:00 +0000', 'Content-Type: text/plain; charset=UTF-8'].join('\r\n')}\r\n\r\n${body}\r\n`,
  );
}

/** The mailbox as POP3 lists it: message number, UIDL and size of every message. */
async function listing(): Promise<string[]> {
  const client = await Pop3Client.connect({
    host: env.dovecot.host,
    port: env.dovecot.pop3sPort,
    tls: 'implicit',
    ca: env.dovecot.certificate,
  });
  await client.login({ mechanism: 'user', username: env.user.username, password: env.user.password });
  const [uidls, sizes] = await Promise.all([client.uidl(), client.list()]);
  await client.quit();
  return [...uidls].map(([n, uidl]) => `${n} ${uidl} ${sizes.get(n)}`);
}

/** Every key in Redis, and DBSIZE. */
async function redisState(): Promise<{ size: number; keys: string[] }> {
  const keys = (await redis.keys('*')).sort();
  return { size: await redis.dbsize(), keys };
}

test('poll-once --dry-run shows class, route and thread of each waiting mail and leaves the mailbox and Redis as they were', async () => {
  const config = await env.configFile('dry-run', { hygiene: { autoReplies: 'note' } });
  await env.dovecot.deliver(env.user.username, [
    mail(
      [
        `From: ${CUSTOMER}`,
        'To: support@example.com',
        'Subject: Printer on fire',
        'Message-ID: <first@customers.example>',
      ],
      'It burns.',
    ),
  ]);
  const first = await popdesk(['poll-once', '--config', config]).exit;
  expect(first.code).toBe(0);
  const [ticket] = [...env.receiver.tickets.values()].filter(
    (t) => t.payload.message.subject === 'Printer on fire',
  );
  expect(ticket).toBeDefined();

  await env.dovecot.deliver(env.user.username, [
    mail(
      [
        `From: ${CUSTOMER}`,
        'To: support@example.com',
        'Subject: Re: Printer on fire',
        'Message-ID: <second@customers.example>',
        'In-Reply-To: <first@customers.example>',
        'References: <first@customers.example>',
      ],
      'Still burning.',
    ),
    mail(
      [
        `From: ${CUSTOMER}`,
        'To: support@example.com',
        'Subject: Automatic reply: Printer on fire',
        'Message-ID: <ooo@customers.example>',
        'In-Reply-To: <first@customers.example>',
        'Auto-Submitted: auto-replied',
      ],
      'I am away.',
    ),
    mail(
      [
        `From: Eve <eve@elsewhere.example>`,
        'To: support@example.com',
        'Subject: New \x1b[2Jquestion',
        'Message-ID: <new@elsewhere.example>',
      ],
      'Hello.',
    ),
  ]);
  const mailboxBefore = await listing();
  const redisBefore = await redisState();
  const ticketsBefore = env.receiver.tickets.size;
  const requestsBefore = env.receiver.requests;

  const result = await popdesk(['poll-once', '--dry-run', '--config', config]).exit;

  expect(result.code, result.stderr).toBe(0);
  const blocks = result.stdout.split('\n\n');
  const reply = blocks.find((block) => block.includes('subject: Re: Printer on fire'));
  expect(reply).toContain('class:   normal');
  expect(reply).toContain('hygiene: deliver');
  expect(reply).toContain('route:   rule default');
  expect(reply).toContain(`thread:  reply to ticket ${ticket!.ticketId} (via in-reply-to)`);
  const autoReply = blocks.find((block) => block.includes('subject: Automatic reply: Printer on fire'));
  expect(autoReply).toContain('class:   auto-reply (Auto-Submitted: auto-replied;');
  expect(autoReply).toContain('hygiene: note');
  expect(autoReply).toContain(`thread:  note on ticket ${ticket!.ticketId} (via in-reply-to`);
  const fresh = blocks.find((block) => block.includes('from:    eve@elsewhere.example'));
  expect(fresh).toContain('subject: New question');
  expect(fresh).toContain('thread:  new ticket (no earlier message is known)');
  expect(result.stdout).not.toContain('\x1b');
  expect(result.stdout).toContain('dry run: 3 mail(s) waiting');

  expect(await listing()).toEqual(mailboxBefore);
  expect(await redisState()).toEqual(redisBefore);
  expect(env.receiver.tickets.size).toBe(ticketsBefore);
  expect(env.receiver.requests).toBe(requestsBefore);
});

test('poll-once --dry-run --json prints one JSON document with the same decisions', async () => {
  const config = await env.configFile('dry-run-json');
  const result = await popdesk(['poll-once', '--dry-run', '--json', '--config', config]).exit;
  expect(result.code, result.stderr).toBe(0);
  // JSON escapes the subject's ESC as \u001b: nothing reaches the terminal raw.
  expect(result.stdout).not.toContain('\x1b');
  const { mails } = JSON.parse(result.stdout) as {
    mails: Array<{ subject: string; plan: { classification: { class: string } }; thread: { kind: string } }>;
  };
  expect(mails.map((m) => [m.subject, m.plan.classification.class, m.thread.kind])).toEqual([
    ['Re: Printer on fire', 'normal', 'new'],
    ['Automatic reply: Printer on fire', 'auto-reply', 'none'],
    ['New \x1b[2Jquestion', 'normal', 'new'],
  ]);
});
