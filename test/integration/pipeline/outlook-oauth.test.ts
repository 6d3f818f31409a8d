import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tokenCacheKey } from '../../../src/app/mailbox-connection.js';
import { OAuthLoginRequiredError, RedisTokenCacheStore } from '../../../src/auth/index.js';
import { runDeviceCodeLogin } from '../../../src/auth/msal.js';
import { PollFailedError } from '../../../src/mailbox/errors/poll-failed-error.js';
import { aadError, FakeMicrosoftLogin } from '../../support/fake-microsoft-login.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { testMails } from '../../support/test-mails.js';

const CLIENT_ID = '3f1c2a9e-8d4b-4e7a-9c61-0b5d7e2f4a18';
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

/** An Outlook-style mailbox: XOAUTH2 with a token from (a fake) Microsoft, against the real Dovecot. */
function oauthOverrides(prefix: string): Record<string, unknown> {
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  const { password: _password, ...rest } = mailbox!;
  return {
    redis: { prefix },
    mailboxes: [{ ...rest, auth: { type: 'oauth2-outlook', clientId: CLIENT_ID, tenant: 'consumers' } }],
  };
}

test('after one device-code login, the poller fetches with XOAUTH2, refreshing the token by itself', async () => {
  const microsoft = new FakeMicrosoftLogin({ clientId: CLIENT_ID, user: { username: env.user.username } });
  // Dovecot accepts exactly this bearer token for the user; Microsoft (the fake) issues it.
  microsoft.fixedAccessToken = env.user.token;
  // Tokens that are already stale when the poll comes: MSAL must refresh before the session.
  microsoft.accessTokenLifetime = 1;
  const prompts: string[] = [];
  const key = tokenCacheKey('oauth1', 'support');
  await runDeviceCodeLogin({
    clientId: CLIENT_ID,
    tenant: 'consumers',
    store: new RedisTokenCacheStore(redis, key),
    networkClient: microsoft,
    prompt: (message) => prompts.push(message),
  });
  expect(prompts.join('\n')).toMatch(/code/i);
  const cacheAfterLogin = await redis.get(key);

  const mails = testMails(3, { tag: 'oauth' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const app = await env.app({ overrides: oauthOverrides('oauth1'), deps: { msalNetworkClient: microsoft } });
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  await app.waitForOutcomes(report.queued);

  expect(report.queued).toHaveLength(3);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  expect(microsoft.requestsTo('token').some((r) => r.form.get('grant_type') === 'refresh_token')).toBe(true);
  // The rotated refresh token was saved: the cache in Redis changed after the refresh.
  expect(await redis.get(key)).not.toBe(cacheAfterLogin);
});

test('a revoked grant fails the poll with an error naming the mailbox and the command to run', async () => {
  const microsoft = new FakeMicrosoftLogin({ clientId: CLIENT_ID, user: { username: env.user.username } });
  microsoft.fixedAccessToken = env.user.token;
  microsoft.accessTokenLifetime = 1;
  await runDeviceCodeLogin({
    clientId: CLIENT_ID,
    tenant: 'consumers',
    store: new RedisTokenCacheStore(redis, tokenCacheKey('oauth2', 'support')),
    networkClient: microsoft,
    prompt: () => undefined,
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  microsoft.tokenEndpointFailure = { status: 400, body: aadError('invalid_grant', 70008) };
  await env.dovecot.deliver(
    env.user.username,
    testMails(1, { tag: 'revoked' }).map((mail) => mail.raw),
  );

  const app = await env.app({ overrides: oauthOverrides('oauth2'), deps: { msalNetworkClient: microsoft } });
  const error = await app.pollOnce('support').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PollFailedError);
  expect((error as PollFailedError).cause).toBeInstanceOf(OAuthLoginRequiredError);
  expect((error as Error).message).toContain('mailbox "support"');
  expect((error as Error).message).toContain('popdesk auth outlook --mailbox support');
  expect(await env.dovecot.count(env.user.username)).toBe(1);
  const logged = env.logs.join('\n');
  for (const secret of microsoft.issuedSecrets) expect(logged).not.toContain(secret);
});
