import { ServerError } from '@azure/msal-node';
import { describe, expect, test } from 'vitest';
import { appCredentialFailure } from '../../../src/auth/app-credential-failure.js';
import { OAuthConfigurationError, OAuthTemporaryError } from '../../../src/auth/index.js';
import { captureLogger } from './capture-logger.js';

const CLIENT_ID = '5b7e1c0d-2f4a-4d8e-9a31-6c0e8f2b7d45';

/** How msal-node builds a ServerError from a token endpoint error body. */
function serverError(code: string, aadsts: number): ServerError {
  return new ServerError(code, 'corr-id', `AADSTS${aadsts}: description`, undefined, String(aadsts));
}

function explain(error: unknown, source = '/run/secrets/app-secret') {
  const logger = captureLogger();
  const failure = appCredentialFailure(error, {
    mailboxId: 'billing',
    clientId: CLIENT_ID,
    tenant: 'contoso.onmicrosoft.com',
    credential: { kind: 'secret', clientSecret: 'not-logged-secret', source },
    logger,
  });
  return { failure, logged: logger.lines.join('\n') };
}

describe('what a refused client credentials request tells the operator', () => {
  test.each([
    [7000222, `the client secret of app ${CLIENT_ID} has expired`],
    [7000215, "put the secret's Value (not its Secret ID) from Entra ID in /run/secrets/app-secret"],
    [700027, `app ${CLIENT_ID} does not accept the certificate in /run/secrets/app-secret`],
    [700016, `no app ${CLIENT_ID} in tenant contoso.onmicrosoft.com: check auth.clientId and auth.tenant`],
    [90002, 'Microsoft knows no tenant contoso.onmicrosoft.com: check auth.tenant'],
    [65001, 'grant admin consent for POP.AccessAsApp'],
  ])('AADSTS%s', (aadsts, fix) => {
    const { failure, logged } = explain(serverError('invalid_client', aadsts));
    expect(failure).toBeInstanceOf(OAuthConfigurationError);
    expect(failure.message).toMatch(/^mailbox "billing": /);
    expect(failure.message).toContain(fix);
    expect(failure.message).toContain(`AADSTS${aadsts}`);
    expect(logged).toContain('"level":"error"');
    expect(logged).not.toContain('not-logged-secret');
  });

  test('an unknown refusal still points at the app, the tenant and the credential', () => {
    const { failure } = explain(serverError('unauthorized_client', 700229));
    expect(failure).toBeInstanceOf(OAuthConfigurationError);
    expect(failure.message).toContain(
      `Microsoft refused an app token for app ${CLIENT_ID}: check auth.clientId, auth.tenant and the credential in /run/secrets/app-secret`,
    );
  });

  test('a refresh-token style refusal is not "sign in again": nobody can', () => {
    const { failure } = explain(serverError('invalid_grant', 70000));
    expect(failure).toBeInstanceOf(OAuthConfigurationError);
    expect(failure.message).not.toContain('popdesk auth outlook');
  });

  test('an outage or a network error is temporary', () => {
    expect(explain(serverError('temporarily_unavailable', 90033)).failure).toBeInstanceOf(
      OAuthTemporaryError,
    );
    expect(explain(new TypeError('fetch failed')).failure).toBeInstanceOf(OAuthTemporaryError);
  });
});
