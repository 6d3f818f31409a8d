import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

function mailboxWith(settings: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  return { redis: { prefix }, mailboxes: [{ ...mailbox, ...settings }] };
}

async function emptyMailbox(prefix: string): Promise<void> {
  const app = await env.app({
    overrides: mailboxWith({ oversize: 'delete', maxMessageBytes: '1KiB' }, `${prefix}-cleanup`),
  });
  await app.pollOnce('support');
}

test('a mail over maxMessageBytes is not downloaded: a dead letter with its headers, left on the server, reported once', async () => {
  const [big] = testMails(1, { tag: 'big', hugeIndex: 0, hugeBytes: 300_000 });
  const small = testMails(2, { tag: 'small' });
  await env.dovecot.deliver(env.user.username, [small[0]!.raw, big!.raw, small[1]!.raw]);
  const app = await env.app({ overrides: mailboxWith({ maxMessageBytes: '100KB' }, 'oversize') });
  await app.startWorkers();

  const first = await app.pollOnce('support');
  if (first === 'locked') throw new Error('locked');
  await app.waitForOutcomes(first.queued);
  expect(first.queued).toHaveLength(2);
  expect(first.deadLetters).toHaveLength(1);
  const letter = await app.deadLetters.get(first.deadLetters[0]!);
  expect(letter).toMatchObject({ reason: 'too-large', rawComplete: false, subject: 'Case big-0' });
  expect(letter?.detail).toContain('left on the server');
  expect(letter?.raw.toString()).toContain('Subject: Case big-0');
  expect(letter?.raw.length).toBeLessThan(2000);
  expect(await env.dovecot.count(env.user.username)).toBe(1);

  const second = await app.pollOnce('support');
  if (second === 'locked') throw new Error('locked');
  expect(second.deadLetters).toEqual([]);
  expect(await app.deadLetters.count()).toBe(1);
  expect(await env.dovecot.count(env.user.username)).toBe(1);
  await emptyMailbox('oversize');
});

test('oversize: delete removes the mail from the server once its headers are a dead letter', async () => {
  const [big] = testMails(1, { tag: 'big-delete', hugeIndex: 0, hugeBytes: 300_000 });
  await env.dovecot.deliver(env.user.username, [big!.raw]);
  const app = await env.app({
    overrides: mailboxWith({ maxMessageBytes: '100KB', oversize: 'delete' }, 'oversize-delete'),
  });
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  expect(report.deadLetters).toHaveLength(1);
  expect((await app.deadLetters.get(report.deadLetters[0]!))?.detail).toContain('deleted from the server');
  expect(await env.dovecot.count(env.user.username)).toBe(0);
});

test('mode keep never deletes, and a mail is delivered once however often it is seen', async () => {
  const mails = testMails(4, { tag: 'keep' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const app = await env.app({ overrides: mailboxWith({ mode: 'keep', batchSize: 3 }, 'keep') });
  await app.startWorkers();
  const before = env.receiver.tickets.size;
  const refs: string[] = [];
  for (let poll = 0; poll < 3; poll += 1) {
    const report = await app.pollOnce('support');
    if (report === 'locked') throw new Error('locked');
    refs.push(...report.queued);
    expect(report.deleted).toBe(0);
  }
  await app.waitForOutcomes(refs);
  expect(refs).toHaveLength(4);
  expect(env.receiver.tickets.size - before).toBe(4);
  expect(await env.dovecot.count(env.user.username)).toBe(4);
  await emptyMailbox('keep');
});
