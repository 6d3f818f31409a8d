import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskExit, popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;

beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

/** The environment's mailbox entry with `changes` applied, as the one mailbox of a config. */
function mailboxes(changes: Record<string, unknown>): Array<Record<string, unknown>> {
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  return [{ ...mailbox, ...changes }];
}

async function check(
  name: string,
  overrides: Record<string, unknown> = {},
  args: string[] = [],
): Promise<PopdeskExit> {
  const path = await env.configFile(name, overrides);
  return popdesk(['check', '--config', path, '--timeout', '5s', ...args]).exit;
}

/** The printed line of the check called `name`. */
function line(stdout: string, name: string): string {
  const found = stdout.split('\n').find((candidate) => candidate.slice(5).startsWith(`${name}:`));
  if (found === undefined) throw new Error(`no line for ${name} in:\n${stdout}`);
  return found;
}

test('everything set up: one ok line per check, the waiting mails counted, nothing fetched or deleted', async () => {
  await env.dovecot.deliver(
    env.user.username,
    testMails(2, { tag: 'check' }).map((mail) => mail.raw),
  );
  const { code, stdout, stderr } = await check('passing');
  expect(stderr).toBe('');
  expect(code, stdout).toBe(0);
  const names = stdout
    .trim()
    .split('\n')
    .map((printed) => printed.slice(0, 4));
  expect(
    names.every((label) => label === 'ok  '),
    stdout,
  ).toBe(true);
  expect(line(stdout, 'redis')).toContain('Redis ');
  expect(line(stdout, 'redis: persistence')).toContain('AOF on');
  expect(line(stdout, 'redis: maxmemory-policy')).toContain('noeviction');
  for (const step of ['dns', 'tcp', 'tls', 'greeting', 'login', 'capabilities', 'pipelining']) {
    line(stdout, `mailbox support: ${step}`);
  }
  expect(line(stdout, 'mailbox support: tls')).toContain('verified');
  expect(line(stdout, 'mailbox support: messages')).toContain('2 waiting');
  expect(line(stdout, 'mailbox support: capabilities')).toContain('UIDL yes');
  expect(line(stdout, 'helpdesk webhook: auth')).toContain('accepted');
  expect(await env.dovecot.count(env.user.username)).toBe(2);
  expect(env.receiver.tickets.size).toBe(0);
}, 60_000);

test('--json prints one document with the verdict and every check', async () => {
  const { code, stdout } = await check('json', {}, ['--json']);
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as { ok: boolean; checks: Array<{ name: string; status: string }> };
  expect(report.ok).toBe(true);
  expect(report.checks.find((entry) => entry.name === 'mailbox support: login')?.status).toBe('ok');
}, 60_000);

test('a wrong mailbox password fails the login line with the fix, and exit 1', async () => {
  const { code, stdout } = await check('wrong-password', {
    mailboxes: mailboxes({ password: 'not-the-password' }),
  });
  expect(code).toBe(1);
  const login = line(stdout, 'mailbox support: login');
  expect(login).toMatch(/^FAIL /);
  expect(login).toContain('fix: check the mailbox username and password');
  expect(line(stdout, 'mailbox support: messages')).toMatch(/^skip /);
  expect(stdout).not.toContain('not-the-password');
}, 60_000);

test('a wrong webhook secret fails the helpdesk auth line, naming helpdesk.secret', async () => {
  const { code, stdout } = await check('wrong-secret', {
    helpdesk: { type: 'webhook', url: env.receiver.url, secret: 'a-secret-the-receiver-does-not-know' },
  });
  expect(code).toBe(1);
  const auth = line(stdout, 'helpdesk webhook: auth');
  expect(auth).toMatch(/^FAIL .*answered 401/);
  expect(auth).toContain('fix: check helpdesk.secret');
  expect(stdout).not.toContain('a-secret-the-receiver-does-not-know');
}, 60_000);

test('Redis with maxmemory-policy allkeys-lru fails, saying how to set noeviction', async () => {
  const redis = new Redis(env.redis.url);
  try {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const { code, stdout } = await check('evicting');
    expect(code).toBe(1);
    const policy = line(stdout, 'redis: maxmemory-policy');
    expect(policy).toMatch(/^FAIL .*"allkeys-lru"/);
    expect(policy).toContain('fix: set maxmemory-policy noeviction');
  } finally {
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    redis.disconnect();
  }
}, 60_000);

test('tls: none against the implicit-TLS port says the server speaks TLS', async () => {
  const { code, stdout } = await check('tls-none', {
    mailboxes: mailboxes({ tls: 'none', timeout: '2s' }),
  });
  expect(code).toBe(1);
  expect(line(stdout, 'mailbox support: greeting')).toMatch(
    /^FAIL .*fix: the server speaks TLS: use tls: implicit$/,
  );
}, 60_000);

test('a self-signed certificate without ca: gets the NODE_EXTRA_CA_CERTS hint', async () => {
  const [mailbox] = mailboxes({});
  const { caFile: _trusted, ...withoutCa } = mailbox as Record<string, unknown>;
  const { code, stdout } = await check('untrusted', { mailboxes: [withoutCa] });
  expect(code).toBe(1);
  expect(line(stdout, 'mailbox support: tls')).toMatch(/^FAIL .*NODE_EXTRA_CA_CERTS/);
}, 60_000);

test('an OAuth2 mailbox never signed in fails login naming the sign-in command, without starting a device-code flow', async () => {
  const { password: _unused, ...mailbox } = mailboxes({})[0] as Record<string, unknown>;
  const { code, stdout } = await check('oauth-missing', {
    mailboxes: [
      { ...mailbox, auth: { type: 'oauth2-outlook', clientId: '00000000-0000-0000-0000-000000000001' } },
    ],
  });
  expect(code).toBe(1);
  const login = line(stdout, 'mailbox support: login');
  expect(login).toMatch(/^FAIL .*run: popdesk auth outlook --mailbox support/);
  expect(stdout).not.toContain('microsoft.com/devicelogin');
}, 60_000);
