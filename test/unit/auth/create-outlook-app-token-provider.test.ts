import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  type AccessTokenProvider,
  OAuthConfigurationError,
  OAuthTemporaryError,
  type OutlookAppCredential,
} from '../../../src/auth/index.js';
import { createOutlookAppTokenProvider } from '../../../src/auth/msal.js';
import { aadError, FakeMicrosoftLogin } from '../../support/fake-microsoft-login.js';
import { captureLogger } from './capture-logger.js';

const CLIENT_ID = '5b7e1c0d-2f4a-4d8e-9a31-6c0e8f2b7d45';
const TENANT = 'contoso.onmicrosoft.com';
const SECRET = 'Qz8~fake-client-secret-value';
const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/entra-app/${name}`, import.meta.url), 'utf8');

function setUp(credential: OutlookAppCredential) {
  const microsoft = new FakeMicrosoftLogin({ clientId: CLIENT_ID, tenant: TENANT });
  microsoft.clientSecret = SECRET;
  microsoft.clientCertificate = fixture('certificate.pem');
  const logger = captureLogger();
  const provider: AccessTokenProvider = createOutlookAppTokenProvider({
    mailboxId: 'support',
    clientId: CLIENT_ID,
    tenant: TENANT,
    credential,
    logger,
    networkClient: microsoft,
  });
  return { microsoft, logger, provider };
}

const secret = (value = SECRET): OutlookAppCredential => ({
  kind: 'secret',
  clientSecret: value,
  source: '/run/secrets/app-secret',
});

async function failure(provider: AccessTokenProvider): Promise<Error> {
  const error = await provider().catch((caught: unknown) => caught);
  if (!(error instanceof Error)) throw new Error('expected the provider to fail');
  return error;
}

describe('app-only tokens (client credentials)', () => {
  test('asks for .default with the client secret and reuses the token until it nears expiry', async () => {
    const { microsoft, provider } = setUp(secret());
    const first = await provider();
    const second = await provider();
    expect(second).toBe(first);
    const [request, ...more] = microsoft.requestsTo('token');
    expect(more).toHaveLength(0);
    expect(request?.form.get('grant_type')).toBe('client_credentials');
    expect(request?.form.get('scope')).toBe('https://outlook.office365.com/.default');
    expect(request?.form.get('client_secret')).toBe(SECRET);
  });

  test('signs a client assertion with the certificate, named by its SHA-256 thumbprint', async () => {
    const { microsoft, provider } = setUp({
      kind: 'certificate',
      certificate: fixture('certificate.pem'),
      privateKey: fixture('private-key.pem'),
      source: '/run/secrets/app.crt',
    });
    // The fake checks the assertion's x5t#S256 and PS256 signature against the certificate.
    expect(await provider()).toMatch(/fake-app-at/);
    expect(microsoft.requestsTo('token')[0]?.form.get('client_secret')).toBeNull();
  });

  test('an expired secret names the mailbox, the app and the file to put a new one in', async () => {
    const { microsoft, provider, logger } = setUp(secret());
    microsoft.clientSecretExpired = true;
    const error = await failure(provider);
    expect(error).toBeInstanceOf(OAuthConfigurationError);
    expect(error.message).toBe(
      `mailbox "support": the client secret of app ${CLIENT_ID} has expired: create a new one in Entra ID (App registrations > Certificates & secrets), put it in /run/secrets/app-secret and restart popdesk (invalid_client, AADSTS7000222)`,
    );
    expect(logger.lines.join('\n')).not.toContain(SECRET);
  });

  test('a wrong secret says to copy the Value, not the Secret ID', async () => {
    const { provider } = setUp(secret('not-the-secret'));
    const error = await failure(provider);
    expect(error).toBeInstanceOf(OAuthConfigurationError);
    expect(error.message).toContain(`the client secret of app ${CLIENT_ID} is wrong`);
    expect(error.message).toContain('/run/secrets/app-secret');
  });

  test('a certificate the app does not know says to upload it', async () => {
    const { microsoft, provider } = setUp({
      kind: 'certificate',
      certificate: fixture('certificate.pem'),
      privateKey: fixture('private-key.pem'),
      source: '/run/secrets/app.crt',
    });
    microsoft.clientCertificate = undefined;
    const error = await failure(provider);
    expect(error).toBeInstanceOf(OAuthConfigurationError);
    expect(error.message).toContain(
      `app ${CLIENT_ID} does not accept the certificate in /run/secrets/app.crt`,
    );
  });

  test('an outage is temporary', async () => {
    const { microsoft, provider } = setUp(secret());
    microsoft.tokenEndpointFailure = { status: 503, body: aadError('temporarily_unavailable', 90033) };
    expect(await failure(provider)).toBeInstanceOf(OAuthTemporaryError);
  });
});
