import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  FAKE_MICROSOFT_LOGIN_VARIABLE,
  type FakeMicrosoftLoginSettings,
} from '../../support/fake-microsoft-login-preload.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

const PRELOAD = fileURLToPath(new URL('../../support/fake-microsoft-login-preload.ts', import.meta.url));
const CLIENT_ID = '5b7e1c0d-2f4a-4d8e-9a31-6c0e8f2b7d45';
const TENANT = 'contoso.onmicrosoft.com';
const SECRET = `Qz8~${randomBytes(12).toString('base64url')}`;
let env: PipelineEnvironment;
let dir: string;
let secretFile: string;

beforeAll(async () => {
  env = await startPipelineEnvironment();
  dir = await mkdtemp(join(tmpdir(), 'popdesk-app-login-'));
  secretFile = join(dir, 'app-secret');
  await writeFile(secretFile, `${SECRET}\n`);
});
afterAll(async () => {
  await env?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const FIXTURES = fileURLToPath(new URL('../../fixtures/entra-app/', import.meta.url));

/** A config whose mailbox signs in as the Entra app with its client secret (or certificate), no password. */
async function appConfig(
  name: string,
  credential: Record<string, string> = { clientSecretFile: secretFile },
): Promise<string> {
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  const { password: _password, ...rest } = mailbox!;
  const auth = { type: 'oauth2-outlook-app', tenant: TENANT, clientId: CLIENT_ID, ...credential };
  return env.configFile(name, { mailboxes: [{ ...rest, auth }] });
}

/** Runs `popdesk poll-once` against the fake Microsoft login set up as `microsoft` says. */
function pollOnce(config: string, microsoft: Partial<FakeMicrosoftLoginSettings>) {
  const settings: FakeMicrosoftLoginSettings = { clientId: CLIENT_ID, tenant: TENANT, ...microsoft };
  return popdesk(
    ['poll-once', '--config', config],
    { [FAKE_MICROSOFT_LOGIN_VARIABLE]: JSON.stringify(settings) },
    [PRELOAD],
  ).exit;
}

test('a mailbox with an app-only login is polled and its mail delivered, no person signing in', async () => {
  const config = await appConfig('app');
  const [mail] = testMails(1, { tag: 'app-login' });
  await env.dovecot.deliver(env.user.username, [mail!.raw]);

  // Dovecot accepts exactly this bearer token for the mailbox; the fake issues it to the app.
  const run = await pollOnce(config, { clientSecret: SECRET, accessToken: env.user.token });

  expect(run.code, run.stdout).toBe(0);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  const tickets = [...env.receiver.tickets.values()];
  expect(tickets.map((ticket) => ticket.payload.message.subject)).toEqual([mail!.subject]);
  expect(run.stdout + run.stderr).not.toContain(SECRET);
});

test('the app can prove itself with a certificate instead of a secret', async () => {
  const config = await appConfig('certificate', {
    certificateFile: join(FIXTURES, 'certificate.pem'),
    privateKeyFile: join(FIXTURES, 'private-key.pem'),
  });
  const [mail] = testMails(1, { tag: 'app-certificate' });
  await env.dovecot.deliver(env.user.username, [mail!.raw]);

  const run = await pollOnce(config, {
    clientCertificate: readFileSync(join(FIXTURES, 'certificate.pem'), 'utf8'),
    accessToken: env.user.token,
  });

  expect(run.code, run.stdout).toBe(0);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  const subjects = [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  expect(subjects).toContain(mail!.subject);
});

test('an expired client secret fails the poll with the mailbox, the app and the file to renew', async () => {
  const config = await appConfig('expired');
  await env.dovecot.deliver(
    env.user.username,
    testMails(1, { tag: 'expired-secret' }).map((mail) => mail.raw),
  );

  const run = await pollOnce(config, {
    clientSecret: SECRET,
    clientSecretExpired: true,
    accessToken: env.user.token,
  });

  expect(run.code).toBe(1);
  expect(run.stdout).toContain(
    `mailbox \\"support\\": the client secret of app ${CLIENT_ID} has expired: create a new one in Entra ID (App registrations > Certificates & secrets), put it in ${secretFile} and restart popdesk`,
  );
  expect(await env.dovecot.count(env.user.username)).toBe(1);
  expect(run.stdout + run.stderr).not.toContain(SECRET);
});

test('popdesk auth outlook says an app-only mailbox needs no sign-in', async () => {
  const run = await popdesk(['auth', 'outlook', '--mailbox', 'support', '--config', await appConfig('auth')])
    .exit;
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(
    `mailbox "support" uses auth.type oauth2-outlook-app: popdesk signs in as app ${CLIENT_ID} by itself; no device-code sign-in is needed\n`,
  );
});

// Last: after a refused login Dovecot slows down later logins from this address.
test('a token Exchange refuses (no mailbox permission) gives the login failure with the Exchange setup to check', async () => {
  const config = await appConfig('refused');
  // A token Microsoft issued but the mailbox server does not accept for this mailbox.
  const run = await pollOnce(config, { clientSecret: SECRET });

  expect(run.code).toBe(1);
  expect(run.stdout).toContain('login with XOAUTH2 was refused');
  expect(run.stdout).toContain(`New-ServicePrincipal -AppId ${CLIENT_ID}`);
  expect(run.stdout).toContain(`Add-MailboxPermission -Identity ${env.user.username}`);
  expect(await env.dovecot.count(env.user.username)).toBe(1);
});
