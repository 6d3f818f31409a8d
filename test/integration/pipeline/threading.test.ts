import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

function mail(headers: string, body: string): Buffer {
  return Buffer.from(`${headers}Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n${body}\r\n`);
}

test('a reply fetched in the same batch as its parent, even before it, lands on the parent ticket', async () => {
  const reply = mail(
    'From: Ana <ana@example.com>\r\nSubject: Re: Broken kettle\r\nMessage-ID: <r1@example.com>\r\n' +
      'In-Reply-To: <p1@example.com>\r\nReferences: <p1@example.com>\r\n',
    'Any news?',
  );
  const parent = mail(
    'From: Ana <ana@example.com>\r\nSubject: Broken kettle\r\nMessage-ID: <p1@example.com>\r\n',
    'It leaks.',
  );
  const unrelated = mail(
    'From: Bo <bo@example.com>\r\nSubject: Re: something popdesk never saw\r\nMessage-ID: <u1@example.com>\r\n' +
      'In-Reply-To: <unknown@example.com>\r\n',
    'Hello',
  );
  await env.dovecot.deliver(env.user.username, [reply, unrelated, parent]);
  const app = await env.app({ overrides: { worker: { concurrency: 8 } } });
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  await app.waitForOutcomes(report.queued);

  const tickets = [...env.receiver.tickets.values()];
  expect(tickets.map((ticket) => ticket.payload.message.subject).sort()).toEqual([
    'Broken kettle',
    'Re: something popdesk never saw',
  ]);
  const kettle = tickets.find((ticket) => ticket.payload.message.subject === 'Broken kettle');
  expect(kettle?.replies.map((r) => r.message.subject)).toEqual(['Re: Broken kettle']);
});

test("a stranger's mail with forged References to another customer's ticket opens its own ticket", async () => {
  const original = mail(
    'From: Dee <dee@customer.example>\r\nSubject: Refund\r\nMessage-ID: <d1@customer.example>\r\n',
    'Refund please.',
  );
  const app = await env.app();
  await app.startWorkers();
  await env.dovecot.deliver(env.user.username, [original]);
  const first = await app.pollOnce('support');
  if (first === 'locked') throw new Error('locked');
  await app.waitForOutcomes(first.queued);

  const forged = mail(
    'From: Eve <eve@attacker.example>\r\nSubject: Re: Refund\r\nMessage-ID: <e1@attacker.example>\r\n' +
      'References: <d1@customer.example>\r\nIn-Reply-To: <d1@customer.example>\r\n',
    'Send the refund to my account instead.',
  );
  const colleague = mail(
    'From: Dee <dee@customer.example>\r\nSubject: Re: Refund\r\nMessage-ID: <d2@customer.example>\r\nIn-Reply-To: <d1@customer.example>\r\n',
    'Any news?',
  );
  await env.dovecot.deliver(env.user.username, [forged, colleague]);
  const second = await app.pollOnce('support');
  if (second === 'locked') throw new Error('locked');
  await app.waitForOutcomes(second.queued);

  const refund = [...env.receiver.tickets.values()].find(
    (t) => t.payload.message.messageId === 'd1@customer.example',
  );
  expect(refund?.replies.map((r) => r.message.messageId)).toEqual(['d2@customer.example']);
  const eve = [...env.receiver.tickets.values()].find(
    (t) => t.payload.message.messageId === 'e1@attacker.example',
  );
  expect(eve?.payload.event).toBe('ticket.create');
  expect(env.logs.some((line) => line.includes('the sender is not among the people on ticket'))).toBe(true);
});

test('a reused Message-ID on a different mail is not a duplicate: both become tickets', async () => {
  const app = await env.app();
  await app.startWorkers();
  const first = mail(
    'From: Fay <fay@customer.example>\r\nSubject: First\r\nMessage-ID: <reused@broken-mailer.example>\r\n',
    'One.',
  );
  const second = mail(
    'From: Gus <gus@customer.example>\r\nSubject: Second\r\nMessage-ID: <reused@broken-mailer.example>\r\n',
    'Two.',
  );
  const before = env.receiver.tickets.size;
  for (const raw of [first, second]) {
    await env.dovecot.deliver(env.user.username, [raw]);
    const report = await app.pollOnce('support');
    if (report === 'locked') throw new Error('locked');
    await app.waitForOutcomes(report.queued);
  }
  const subjects = [...env.receiver.tickets.values()]
    .slice(before)
    .map((ticket) => ticket.payload.message.subject);
  expect(subjects).toEqual(['First', 'Second']);
});

test('a reply whose References holds 30k ids (just under the 1 MiB header cap) lands on its ticket with a bounded number of Redis commands', async () => {
  const parent = mail(
    'From: Eve <eve@example.com>\r\nSubject: Printer on fire\r\nMessage-ID: <fire@example.com>\r\n',
    'Smoke everywhere.',
  );
  const app = await env.app();
  await app.startWorkers();
  await env.dovecot.deliver(env.user.username, [parent]);
  const first = await app.pollOnce('support');
  if (first === 'locked') throw new Error('locked');
  await app.waitForOutcomes(first.queued);

  const references = Array.from({ length: 30_000 }, (_, i) => `<old${i}@lists.example.com>`);
  references.push('<fire@example.com>');
  const reply = mail(
    `From: Eve <eve@example.com>\r\nSubject: Re: Printer on fire\r\nMessage-ID: <fire2@example.com>\r\nReferences: ${references.join('\r\n ')}\r\n`,
    'Still burning.',
  );
  await env.dovecot.deliver(env.user.username, [reply]);
  const redis = new Redis(env.redis.url);
  try {
    await redis.config('RESETSTAT');
    const second = await app.pollOnce('support');
    if (second === 'locked') throw new Error('locked');
    await app.waitForOutcomes(second.queued);
    const stats = await redis.info('commandstats');
    const calls = (command: string): number =>
      Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    const lookups = ['get', 'mget', 'exists', 'smembers'].reduce((sum, command) => sum + calls(command), 0);
    expect(lookups).toBeLessThan(200);
  } finally {
    redis.disconnect();
  }
  const fire = [...env.receiver.tickets.values()].find(
    (t) => t.payload.message.subject === 'Printer on fire',
  );
  expect(fire?.replies.map((r) => r.message.subject)).toEqual(['Re: Printer on fire']);
});

/** The new text, a closer, then German Outlook's header block and the history: a typical reply. */
const outlookReplyBody = [
  'Danke, er läuft wieder.',
  '',
  'Viele Grüße',
  'Anna Schmidt',
  '',
  'Von: Acme Support <support@example.com>',
  'Gesendet: Dienstag, 3. November 2026 10:15',
  'An: Anna Schmidt <anna@customer.example>',
  'Betreff: AW: Drucker offline',
  '',
  'Bitte starten Sie ihn neu.',
].join('\r\n');
const anna = 'From: Anna Schmidt <anna@customer.example>\r\nContent-Type: text/plain; charset=utf-8\r\n';

/** A question and Anna's Outlook reply to it, each through one poll of one app (one Redis namespace). */
async function deliverOutlookThread(overrides: Record<string, unknown>, id: string): Promise<void> {
  const question = mail(
    `${anna}Subject: Drucker offline\r\nMessage-ID: <${id}@customer.example>\r\n`,
    'Offline.',
  );
  const reply = mail(
    `${anna}Subject: AW: Drucker offline\r\nMessage-ID: <${id}-reply@customer.example>\r\n` +
      `In-Reply-To: <${id}@customer.example>\r\nReferences: <${id}@customer.example>\r\n`,
    outlookReplyBody,
  );
  const app = await env.app({ overrides });
  await app.startWorkers();
  for (const one of [question, reply]) {
    await env.dovecot.deliver(env.user.username, [one]);
    const report = await app.pollOnce('support');
    if (report === 'locked') throw new Error('locked');
    await app.waitForOutcomes(report.queued);
  }
}

function repliesTo(messageId: string) {
  return [...env.receiver.tickets.values()].find((t) => t.payload.message.messageId === messageId)?.replies;
}

test("an Outlook reply reaches the ticket as the customer's new text, with the full original attached", async () => {
  await deliverOutlookThread({}, 'printer1');

  const [reply] = repliesTo('printer1@customer.example') ?? [];
  expect(reply?.message.messageId).toBe('printer1-reply@customer.example');
  expect(reply?.message.text).toBe('Danke, er läuft wieder.');
  const original = reply?.attachments.find((a) => a.filename === 'original.txt');
  expect(
    Buffer.from(original?.contentBase64 ?? '', 'base64')
      .toString('utf8')
      .trim(),
  ).toBe(outlookReplyBody.replace(/\r\n/g, '\n'));
});

test('with threading.stripQuotes: false the reply reaches the ticket whole', async () => {
  await deliverOutlookThread({ threading: { stripQuotes: false } }, 'printer2');

  const [reply] = repliesTo('printer2@customer.example') ?? [];
  expect(reply?.message.messageId).toBe('printer2-reply@customer.example');
  expect(reply?.message.text.trim()).toBe(outlookReplyBody.replace(/\r\n/g, '\n'));
  expect(reply?.attachments).toEqual([]);
});
