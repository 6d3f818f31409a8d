import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PopdeskStatus } from '../../../src/status/popdesk-status.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;

beforeAll(async () => {
  // The helpdesk takes every mail but one, which it rejects for good (422): one dead letter.
  env = await startPipelineEnvironment({
    script: (payload) =>
      payload.message.subject === 'Case status-2'
        ? { status: 422, body: '{"error":"requester email is invalid"}' }
        : undefined,
  });
});
afterAll(async () => {
  await env?.stop();
});

async function status(path: string, ...flags: string[]) {
  return popdesk(['status', ...flags, '--config', path]).exit;
}

test('status before any poll says never polled; after a poll-once it shows the poll, an empty queue and the dead letter by reason', async () => {
  const path = await env.configFile('status');

  const before = await status(path);
  expect(before.stderr).toBe('');
  expect(before.code).toBe(0);
  expect(before.stdout).toMatch(/^mailbox support$/m);
  expect(before.stdout).toMatch(/^ {2}last poll +never polled$/m);
  expect(before.stdout).toMatch(/^ {2}sign-in +password$/m);
  expect(before.stdout).toMatch(/^dead letters +0$/m);
  const beforeJson = JSON.parse((await status(path, '--json')).stdout) as PopdeskStatus;
  expect(beforeJson.mailboxes).toEqual([
    {
      id: 'support',
      lastPoll: null,
      lastOkAt: null,
      consecutiveFailures: 0,
      nextPollAt: null,
      signIn: { type: 'password' },
    },
  ]);

  await env.dovecot.deliver(
    env.user.username,
    testMails(3, { tag: 'status' }).map((mail) => mail.raw),
  );
  const poll = await popdesk(['poll-once', '--config', path]).exit;
  expect(poll.code).toBe(1);
  // The heartbeat: one info line for the poll, with its counts.
  const heartbeats = poll.stdout
    .split('\n')
    .filter((line) => line.includes('"poll finished'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(heartbeats).toEqual([
    expect.objectContaining({ level: 'info', mailbox: 'support', fetched: 3, queued: 3, duplicates: 0 }),
  ]);

  const after = await status(path);
  expect(after.stderr).toBe('');
  expect(after.code).toBe(0);
  expect(after.stdout).toMatch(/^ {2}last poll +ok$/m);
  expect(after.stdout).toContain('3 fetched, 3 new');
  // The rejected mail's job stays failed in BullMQ beside its dead letter; nothing waits.
  expect(after.stdout).toMatch(/^queue +0 waiting, 0 active, 0 delayed, 1 failed$/m);
  expect(after.stdout).toMatch(/^dead letters +1 \(helpdesk-rejected 1\)$/m);

  const json = JSON.parse((await status(path, '--json')).stdout) as PopdeskStatus;
  const [support] = json.mailboxes;
  expect(support?.lastPoll).toMatchObject({
    result: 'ok',
    reason: null,
    fetched: 3,
    queued: 3,
    deadLettered: 0,
  });
  expect(support?.consecutiveFailures).toBe(0);
  expect(support?.lastOkAt).toBe(support?.lastPoll?.endedAt);
  expect(json.queue).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1, oldestWaitingAgeSeconds: null });
  expect(json.deadLetters).toEqual({ total: 1, byReason: { 'helpdesk-rejected': 1 } });
  expect(json.filtered).toEqual({ total: 0, byReason: {} });
  expect(json.helpdesk).toEqual({ paused: false });
});

test('a poll that fails is recorded with its reason and counted; status still exits 0', async () => {
  const path = await env.configFile('status-wrong-password', {
    mailboxes: [{ ...(env.configData().mailboxes as Array<Record<string, unknown>>)[0], password: 'wrong' }],
  });
  expect((await popdesk(['poll-once', '--config', path]).exit).code).toBe(1);
  const run = await status(path, '--json');
  expect(run.code).toBe(0);
  const [support] = (JSON.parse(run.stdout) as PopdeskStatus).mailboxes;
  expect(support?.lastPoll).toMatchObject({ result: 'failed', fetched: 0 });
  expect(support?.lastPoll?.reason).toMatch(/\S/);
  expect(support?.consecutiveFailures).toBe(1);
  expect(support?.lastOkAt).toBeNull();
  expect((await status(path)).stdout).toMatch(/^ {2}last poll +FAILED: /m);
});

test('status against a Redis that cannot be reached fails with a clear message on stderr', async () => {
  const path = await env.configFile('status-no-redis', { redis: { url: 'redis://127.0.0.1:1' } });
  const run = await status(path);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^popdesk: .*Redis/);
});

test('a scheduled poll that finds nothing logs its heartbeat ("0 new"), and status shows the next poll due', async () => {
  const path = await env.configFile('status-start');
  const poller = popdesk(['start', '--role', 'poller', '--config', path]);
  try {
    await poller.printed('poll finished: 0 new');
  } finally {
    poller.child.kill('SIGTERM');
  }
  expect((await poller.exit).code).toBe(0);
  const heartbeat = poller.output.stdout.split('\n').find((line) => line.includes('poll finished: 0 new'));
  expect(JSON.parse(heartbeat ?? '{}')).toMatchObject({
    level: 'info',
    mailbox: 'support',
    fetched: 0,
    queued: 0,
  });

  const [support] = (JSON.parse((await status(path, '--json')).stdout) as PopdeskStatus).mailboxes;
  expect(support?.lastPoll).toMatchObject({ result: 'ok', fetched: 0 });
  expect(support?.nextPollAt).not.toBeNull();
  expect(Date.parse(support?.nextPollAt ?? '')).toBeGreaterThan(
    Date.parse(support?.lastPoll?.startedAt ?? ''),
  );
});

test('OAuth2 mailboxes: sign-in needed names the command, a cached sign-in shows its expiry, an unreadable cache exits 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-status-tokens-'));
  try {
    const signedIn = join(dir, 'signed-in.json');
    await writeFile(
      signedIn,
      JSON.stringify({ RefreshToken: { r: { secret: 'M.C5-refresh', expires_on: '1803960000' } } }),
    );
    // A directory where the cache file should be: the cache cannot be read.
    const unreadable = join(dir, 'unreadable');
    await mkdir(unreadable);
    const { password: _, ...base } = (env.configData().mailboxes as Array<Record<string, unknown>>)[0]!;
    const oauth = (id: string, path: string) => ({
      ...base,
      id,
      auth: {
        type: 'oauth2-outlook',
        clientId: '00000000-0000-0000-0000-000000000001',
        tokenCache: { type: 'file', path },
      },
    });
    const path = await env.configFile('status-oauth', {
      mailboxes: [
        oauth('never-signed-in', join(dir, 'missing.json')),
        oauth('signed-in', signedIn),
        oauth('unreadable', unreadable),
      ],
    });

    const run = await status(path);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('popdesk: mailbox "unreadable": could not read its token cache\n');
    expect(run.stdout).toContain(
      `  sign-in      sign-in needed: run popdesk auth outlook --mailbox never-signed-in --config ${path}\n`,
    );
    expect(run.stdout).toContain(
      'signed in (oauth2-outlook): refresh token expires 2027-03-02T04:00:00.000Z',
    );
    expect(run.stdout).not.toContain('M.C5-refresh');

    const json = JSON.parse((await status(path, '--json')).stdout) as PopdeskStatus;
    expect(json.mailboxes.map((mailbox) => mailbox.signIn)).toEqual([
      {
        type: 'oauth2-outlook',
        state: 'sign-in-needed',
        fix: `popdesk auth outlook --mailbox never-signed-in --config ${path}`,
      },
      {
        type: 'oauth2-outlook',
        state: 'signed-in',
        accessTokenExpiresAt: null,
        refreshTokenExpiresAt: '2027-03-02T04:00:00.000Z',
      },
      { type: 'oauth2-outlook', state: 'unknown', error: expect.stringContaining(unreadable) },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
