import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { appSignInState } from '../../../src/status/app-sign-in-state.js';

const base = { type: 'oauth2-outlook-app' as const, tenant: 'contoso.onmicrosoft.com', clientId: 'app' };

test('an app-only mailbox with a client secret: the secret, whose expiry only Entra ID knows', () => {
  expect(appSignInState({ ...base, clientSecret: 's3cret' } as never)).toEqual({
    type: 'oauth2-outlook-app',
    credential: 'secret',
    certificateExpiresAt: null,
  });
});

test('an app-only mailbox with a certificate: when the certificate expires', () => {
  expect(appSignInState({ ...base, certificate: CERTIFICATE, privateKey: 'key' } as never)).toEqual({
    type: 'oauth2-outlook-app',
    credential: 'certificate',
    certificateExpiresAt: '2126-11-09T05:13:22.000Z',
  });
});

test('a certificate that cannot be read shows no expiry rather than failing status', () => {
  expect(
    appSignInState({ ...base, certificate: 'not a certificate', privateKey: 'key' } as never),
  ).toMatchObject({
    credential: 'certificate',
    certificateExpiresAt: null,
  });
});

/** The tests' Entra app certificate (test/fixtures/entra-app), valid until 2126-11-09. */
const CERTIFICATE = readFileSync(
  new URL('../../fixtures/entra-app/certificate.pem', import.meta.url),
  'utf8',
);
