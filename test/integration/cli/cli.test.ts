import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startPipelineEnvironment();
  dir = await mkdtemp(join(tmpdir(), 'popdesk-cli-'));
});
afterAll(async () => {
  await env?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Writes a YAML config whose mailbox password lives in a separate file. */
async function configFile(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const data = env.configData({ log: { level: 'info' }, ...overrides });
  const [mailbox] = data.mailboxes as Array<Record<string, unknown>>;
  const { password, ...rest } = mailbox!;
  await writeFile(join(dir, `${name}.password`), `${String(password)}\n`);
  data.mailboxes = [{ ...rest, passwordFile: join(dir, `${name}.password`) }];
  const path = join(dir, `${name}.yaml`);
  await writeFile(path, stringify(data));
  return path;
}

test('poll-once drains the mailbox into tickets and exits 0; no log line holds a secret', async () => {
  const mails = testMails(5, { tag: 'cli' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const before = env.receiver.tickets.size;
  const result = await popdesk(['poll-once', '--config', await configFile('ok')]).exit;
  expect(result.code).toBe(0);
  expect(env.receiver.tickets.size - before).toBe(5);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  expect(result.stdout).toContain('"msg":"ticket created"');
  expect(result.stdout).not.toContain(env.user.password);
  expect(result.stdout).not.toContain(env.secret);
});

test('poll-once exits 1 when a mail ends as a dead letter', async () => {
  await env.restartReceiver({ script: () => ({ status: 422, body: '{"error":"no"}' }) });
  try {
    await env.dovecot.deliver(
      env.user.username,
      testMails(1, { tag: 'cli-rejected' }).map((mail) => mail.raw),
    );
    const result = await popdesk(['poll-once', '--config', await configFile('rejected')]).exit;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('dead letter written');
  } finally {
    await env.restartReceiver();
  }
});

test('a bad config stops start-up with exit 2 and names the key, without echoing the secret', async () => {
  const path = await configFile('bad', { worker: { concurrency: 0 } });
  const result = await popdesk(['start', '--config', path], { POPDESK_HELPDESK_SECRET: 'short' }).exit;
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('worker.concurrency');
  expect(result.stderr).toContain('helpdesk.secret (from POPDESK_HELPDESK_SECRET)');
  expect(result.stderr).not.toContain('short"');
});

test('SIGTERM while polling: the process exits 0 and nothing is lost or delivered twice', async () => {
  const mails = testMails(300, { tag: 'sigterm' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const before = env.receiver.tickets.size;
  const path = await configFile('sigterm', { mailboxes: [{ ...firstMailbox(), batchSize: 50 }] });
  const run = popdesk(['start', '--config', path]);
  while (env.receiver.tickets.size === before) await new Promise((resolve) => setTimeout(resolve, 20));
  run.child.kill('SIGTERM');
  const stopped = await run.exit;
  expect(stopped.code).toBe(0);
  expect(stopped.stdout).toContain('"msg":"stopped"');

  // What was queued but not yet delivered waits in Redis for the next process.
  const again = popdesk(['start', '--config', path]);
  const deadline = Date.now() + 60_000;
  while (env.receiver.tickets.size - before < 300 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  again.child.kill('SIGTERM');
  expect((await again.exit).code).toBe(0);
  const subjects = [...env.receiver.tickets.values()]
    .slice(before)
    .map((ticket) => ticket.payload.message.subject);
  expect(subjects).toHaveLength(300);
  expect(new Set(subjects).size).toBe(300);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
});

function firstMailbox(): Record<string, unknown> {
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  return mailbox!;
}

test('poll-once --deadline: a helpdesk that never answers well ends the run with exit 3 and names the pending mail', async () => {
  await env.restartReceiver({ script: () => ({ status: 503, body: '{"error":"maintenance"}' }) });
  try {
    const [mail] = testMails(1, { tag: 'cli-deadline' });
    await env.dovecot.deliver(env.user.username, [mail!.raw]);
    const config = await configFile('deadline', { worker: { attempts: 100 } });
    const result = await popdesk(['poll-once', '--config', config, '--deadline', '3s']).exit;
    expect(result.code).toBe(3);
    const line = result.stdout.split('\n').find((text) => text.includes('poll-once deadline reached'));
    const logged = JSON.parse(line ?? '{}') as { pending?: Array<Record<string, string>> };
    expect(logged.pending).toEqual([
      {
        ref: expect.stringMatching(/^m[0-9a-f]{40}$/),
        subject: mail!.subject,
        from: expect.stringContaining('customers.example.com'),
        state: expect.stringMatching(/^(waiting|delayed|active)$/),
      },
    ]);
  } finally {
    await env.restartReceiver();
  }
});
