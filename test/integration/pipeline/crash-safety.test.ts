import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CrashPoint } from '../../support/pipeline-child.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { testMails } from '../../support/test-mails.js';

const CHILD = fileURLToPath(new URL('../../support/pipeline-child.ts', import.meta.url));

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

/** Runs a popdesk process to its end; resolves with its exit code or the signal that killed it. */
function runChild(config: Record<string, unknown>, crashAt?: CrashPoint, crashOn?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // node itself (with tsx as a loader), so the process that kills itself is the one we watch.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, JSON.stringify({ config, crashAt, crashOn })],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? String(code));
    });
  });
}

describe.each([
  ['after RETR, before the mail is queued', 'after-retr'],
  ['after the mail is queued, before DELE', 'after-enqueue'],
  ['after DELE, before QUIT', 'after-dele'],
  ['in the worker, after the helpdesk accepted the ticket, before it was recorded', 'worker-after-post'],
] as const)('killed with SIGKILL %s', (_label, crashAt) => {
  test('no mail is lost and no ticket is opened twice', async () => {
    const mails = testMails(12, { tag: crashAt });
    await env.dovecot.deliver(
      env.user.username,
      mails.map((mail) => mail.raw),
    );
    const before = env.receiver.tickets.size;
    const config = env.configData({ mailboxes: [{ ...mailbox(env), batchSize: 5 }] });

    expect(await runChild(config, crashAt, 3)).toBe('SIGKILL');
    expect(await runChild(config)).toBe('0');

    const subjects = [...env.receiver.tickets.values()].slice(before).map((t) => t.payload.message.subject);
    expect(subjects.sort()).toEqual(mails.map((mail) => mail.subject).sort());
    expect(await env.dovecot.count(env.user.username)).toBe(0);
  });
});

/**
 * Delivers one mail and runs popdesk `kills + 1` times: the first `kills` die at `crashAt` on
 * that mail's job, the last runs to its end. Resolves with an app on the same Redis prefix, to look.
 */
async function killRepeatedly(tag: string, crashAt: CrashPoint, kills = 2) {
  const [mail] = testMails(1, { tag });
  await env.dovecot.deliver(env.user.username, [mail!.raw]);
  const ticketsBefore = [...env.receiver.tickets.keys()];
  const config = env.configData({ mailboxes: [mailbox(env)] });
  for (let kill = 0; kill < kills; kill++) expect(await runChild(config, crashAt)).toBe('SIGKILL');
  expect(await runChild(config)).toBe('0');
  const app = await env.app({ overrides: { redis: config.redis as Record<string, unknown> } });
  const created = [...env.receiver.tickets.values()].filter((t) => !ticketsBefore.includes(t.ticketId));
  return { mail: mail!, app, created };
}

test('a worker killed twice on the same job: BullMQ fails it, and it ends as a dead letter with the raw mail', async () => {
  const { mail, app, created } = await killRepeatedly('killed-twice', 'worker-start');
  const [letterId] = await app.deadLetters.list();
  const letter = await app.deadLetters.get(letterId ?? '');
  expect(letter?.reason).toBe('stalled');
  expect(letter?.detail).toMatch(/stalled or died 2 times/);
  expect(letter?.raw.equals(mail.raw)).toBe(true);
  expect(letter?.subject).toBe(mail.subject);
  expect(created).toEqual([]);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
});

test('a worker killed twice after posting the same mail: retried, not dead-lettered; one ticket', async () => {
  const { mail, app, created } = await killRepeatedly('killed-twice-posting', 'worker-after-post');
  expect(await app.deadLetters.list()).toEqual([]);
  expect(created.map((t) => t.payload.message.subject)).toEqual([mail.subject]);
  const [job] = await app.mailQueue.getCompleted();
  expect(await app.ledger.ticketFor(job?.id ?? '')).toBe(created[0]?.ticketId);
});

// BullMQ does not reset a job's stall count when it is retried, so after one revival the next
// death fails it again at once: the chaos run's crash loop did exactly this, and the mail ended as
// a ticket and a dead letter both.
test('a worker killed three times after posting the same mail (a crash loop): still one ticket, no dead letter', async () => {
  const { mail, app, created } = await killRepeatedly('killed-thrice-posting', 'worker-after-post', 3);
  expect(await app.deadLetters.list()).toEqual([]);
  expect(created.map((t) => t.payload.message.subject)).toEqual([mail.subject]);
  const [job] = await app.mailQueue.getCompleted();
  expect(await app.ledger.ticketFor(job?.id ?? '')).toBe(created[0]?.ticketId);
});

function mailbox(environment: PipelineEnvironment): Record<string, unknown> {
  const [first] = environment.configData().mailboxes as Array<Record<string, unknown>>;
  return first!;
}
