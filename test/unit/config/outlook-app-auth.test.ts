import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatConfigIssue } from '../../../src/config/index.js';
import { configErrorOf, parse, yamlWith } from './config-fixtures.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/entra-app/${name}`, import.meta.url), 'utf8');
const CERTIFICATE = fixture('certificate.pem');
const PRIVATE_KEY = fixture('private-key.pem');
const APP = {
  type: 'oauth2-outlook-app',
  tenant: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
};
const FILES = {
  '/run/secrets/app-secret': 'Qz8~app-secret-value\n',
  '/run/secrets/app.crt': CERTIFICATE,
  '/run/secrets/app.key': PRIVATE_KEY,
  '/run/secrets/not-a-pem': 'hello\n',
};

function withAuth(auth: Record<string, unknown>): string {
  return yamlWith({ 'mailboxes.0.password': undefined, 'mailboxes.0.auth': auth });
}

function problems(auth: Record<string, unknown>): string[] {
  return configErrorOf(() => parse(withAuth(auth), { files: FILES })).issues.map(formatConfigIssue);
}

describe('auth.type oauth2-outlook-app', () => {
  test('reads the client secret from clientSecretFile, and needs no mailbox password', () => {
    const config = parse(withAuth({ ...APP, clientSecretFile: '/run/secrets/app-secret' }), { files: FILES });
    expect(config.mailboxes[0]?.auth).toMatchObject({
      ...APP,
      clientSecret: 'Qz8~app-secret-value',
      clientSecretFile: '/run/secrets/app-secret',
    });
  });

  test('reads a certificate and its private key', () => {
    const config = parse(
      withAuth({ ...APP, certificateFile: '/run/secrets/app.crt', privateKeyFile: '/run/secrets/app.key' }),
      { files: FILES },
    );
    const auth = config.mailboxes[0]?.auth;
    expect(auth?.type === 'oauth2-outlook-app' && auth.certificate).toContain('BEGIN CERTIFICATE');
    expect(auth?.type === 'oauth2-outlook-app' && auth.privateKey).toContain('BEGIN PRIVATE KEY');
  });

  test('takes the secret file from an environment variable, as Docker secrets are wired', () => {
    const config = parse(withAuth(APP), {
      env: { POPDESK_MAILBOXES_SUPPORT_AUTH_CLIENT_SECRET_FILE: '/run/secrets/app-secret' },
      files: FILES,
    });
    expect(config.mailboxes[0]?.auth).toMatchObject({ clientSecret: 'Qz8~app-secret-value' });
  });

  test.each([
    {
      name: 'neither a secret nor a certificate',
      auth: APP,
      line: 'mailboxes[support].auth.clientSecretFile: required: set clientSecretFile, or certificateFile and privateKeyFile',
    },
    {
      name: 'both a secret and a certificate',
      auth: {
        ...APP,
        clientSecretFile: '/run/secrets/app-secret',
        certificateFile: '/run/secrets/app.crt',
        privateKeyFile: '/run/secrets/app.key',
      },
      line: 'mailboxes[support].auth.clientSecretFile: set either clientSecretFile or certificateFile and privateKeyFile, not both',
    },
    {
      name: 'a certificate without its key',
      auth: { ...APP, certificateFile: '/run/secrets/app.crt' },
      line: 'mailboxes[support].auth.privateKeyFile: required with certificateFile',
    },
    {
      name: 'a key without its certificate',
      auth: { ...APP, privateKeyFile: '/run/secrets/app.key' },
      line: 'mailboxes[support].auth.certificateFile: required with privateKeyFile',
    },
    {
      name: 'a certificate file that holds no certificate',
      auth: { ...APP, certificateFile: '/run/secrets/not-a-pem', privateKeyFile: '/run/secrets/app.key' },
      line: 'mailboxes[support].auth.certificateFile: is not a PEM certificate (-----BEGIN CERTIFICATE-----)',
    },
    {
      name: 'a key file that holds no key',
      auth: { ...APP, certificateFile: '/run/secrets/app.crt', privateKeyFile: '/run/secrets/not-a-pem' },
      line: 'mailboxes[support].auth.privateKeyFile: is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)',
    },
    {
      name: 'a secret file that cannot be read',
      auth: { ...APP, clientSecretFile: '/run/secrets/missing' },
      line: 'mailboxes[support].auth.clientSecretFile: cannot read /run/secrets/missing: ENOENT',
    },
    {
      name: 'no tenant',
      auth: { ...APP, tenant: undefined, clientSecretFile: '/run/secrets/app-secret' },
      line: 'mailboxes[support].auth.tenant: required: the tenant id (GUID) or a domain such as contoso.onmicrosoft.com',
    },
    {
      name: 'a tenant that needs a person (organizations)',
      auth: { ...APP, tenant: 'organizations', clientSecretFile: '/run/secrets/app-secret' },
      line: 'mailboxes[support].auth.tenant: must be the tenant id (GUID) or a domain such as contoso.onmicrosoft.com (got "organizations")',
    },
    {
      name: 'a client id that is not a GUID',
      auth: { ...APP, clientId: 'my-app', clientSecretFile: '/run/secrets/app-secret' },
      line: 'mailboxes[support].auth.clientId: must be a GUID such as 00000000-0000-0000-0000-000000000000 (got "my-app")',
    },
  ])('$name gives one clear line', ({ auth, line }) => {
    expect(problems(auth)).toEqual([line]);
  });

  test('never shows the secret in an error', () => {
    const shown = problems({
      ...APP,
      clientSecretFile: '/run/secrets/app-secret',
      certificateFile: '/run/secrets/app.crt',
      privateKeyFile: '/run/secrets/app.key',
    }).join('\n');
    expect(shown).not.toContain('Qz8~app-secret-value');
    expect(shown).not.toContain('PRIVATE KEY');
  });
});
