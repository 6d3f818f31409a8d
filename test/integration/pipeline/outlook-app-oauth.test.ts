import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeMicrosoftLogin } from '../../support/fake-microsoft-login.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { testMails } from '../../support/test-mails.js';

const CLIENT_ID = '5b7e1c0d-2f4a-4d8e-9a31-6c0e8f2b7d45';
const TENANT = 'contoso.onmicrosoft.com';
const SECRET = `Qz8~${randomBytes(12).toString('base64url')}`;
let env: PipelineEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startPipelineEnvironment();
  dir = await mkdtemp(join(tmpdir(), 'popdesk-app-oauth-'));
  await writeFile(join(dir, 'app-secret'), SECRET);
});
afterAll(async () => {
  await env?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

test('polls of an app-only mailbox reuse the app token while it is valid', async () => {
  const microsoft = new FakeMicrosoftLogin({ clientId: CLIENT_ID, tenant: TENANT });
  microsoft.clientSecret = SECRET;
  microsoft.fixedAccessToken = env.user.token;
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  const { password: _password, ...rest } = mailbox!;
  const auth = {
    type: 'oauth2-outlook-app',
    tenant: TENANT,
    clientId: CLIENT_ID,
    clientSecretFile: join(dir, 'app-secret'),
  };
  const app = await env.app({
    overrides: { mailboxes: [{ ...rest, auth }] },
    deps: { msalNetworkClient: microsoft },
  });
  await app.startWorkers();

  for (const tag of ['first', 'second']) {
    await env.dovecot.deliver(
      env.user.username,
      testMails(1, { tag }).map((mail) => mail.raw),
    );
    const report = await app.pollOnce('support');
    if (report === 'locked') throw new Error('locked');
    expect(report.queued).toHaveLength(1);
    await app.waitForOutcomes(report.queued);
  }

  // One client credentials request for both polls: the token (valid an hour) was kept.
  expect(microsoft.requestsTo('token')).toHaveLength(1);
  expect(env.receiver.tickets.size).toBe(2);
  for (const secret of [SECRET, env.user.token]) expect(env.logs.join('\n')).not.toContain(secret);
});
