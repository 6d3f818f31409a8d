import { mkdir, rm, writeFile } from 'node:fs/promises';
import { ClientAuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  OAuthConfigurationError,
  OAuthError,
  OAuthLoginRequiredError,
  OAuthTemporaryError,
  TokenCacheCorruptError,
  TokenCacheStoreError,
} from '../../../src/auth/index.js';
import { aadError } from '../../support/fake-microsoft-login.js';
import { createOAuthFixture, type OAuthFixture, renderError } from './oauth-fixture.js';

const EXPIRED_MESSAGE =
  'mailbox "support": the Outlook.com login has expired or was revoked; run: popdesk auth outlook --mailbox support';
let fixture: OAuthFixture;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-03T08:00:00Z'));
  fixture = await createOAuthFixture();
  await fixture.signIn();
  // Two hours later the access token has expired: the next call must use the refresh token.
  vi.setSystemTime(Date.now() + 2 * 3_600_000);
});
afterEach(async () => {
  vi.useRealTimers();
  await fixture.cleanUp();
});

async function failure(): Promise<OAuthError> {
  const error = await fixture
    .provider()()
    .catch((caught: unknown) => caught);
  if (!(error instanceof OAuthError)) throw new Error(`expected an OAuthError, got ${String(error)}`);
  return error;
}

describe('a dead grant asks for a new login', () => {
  test.each([
    ['refresh token expired', aadError('invalid_grant', 70008), ServerError],
    ['refresh token inactive for 90 days', aadError('invalid_grant', 700082), ServerError],
    ['grant revoked (password reset)', aadError('invalid_grant', 50173), ServerError],
    ['bad token', aadError('invalid_grant', 700082, 'bad_token'), InteractionRequiredAuthError],
    [
      'multi-factor authentication now required',
      aadError('interaction_required', 50076),
      InteractionRequiredAuthError,
    ],
  ])('%s', async (_name, body, msalClass) => {
    fixture.microsoft.tokenEndpointFailure = { status: 400, body };

    const error = await failure();

    expect(error).toBeInstanceOf(OAuthLoginRequiredError);
    expect(error.message).toBe(EXPIRED_MESSAGE);
    expect(error).toMatchObject({
      name: 'OAuthLoginRequiredError',
      mailboxId: 'support',
      reason: 'expired',
      command: 'popdesk auth outlook --mailbox support',
    });
    expect(error.cause).toBeInstanceOf(msalClass);
    const logged = fixture.logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'error', mailboxId: 'support', msg: EXPIRED_MESSAGE }),
    );
    // The refresh token went out in the request body (so the leak check knows it) and must not
    // come back in any rendering of the error or the logs.
    const refreshRequest = fixture.microsoft.requestsTo('token').at(-1)!;
    expect(refreshRequest.form.get('grant_type')).toBe('refresh_token');
    expect(() => fixture.assertNoSecretIn(refreshRequest.form.toString())).toThrow(/leaked/);
    fixture.assertNoSecretIn(renderError(error), ...fixture.logger.lines);
  });
});

describe('an outage is temporary', () => {
  test('503 from the token endpoint', async () => {
    fixture.microsoft.tokenEndpointFailure = {
      status: 503,
      body: aadError('temporarily_unavailable', 90033),
      headers: { 'retry-after': '30' },
    };

    const error = await failure();

    expect(error).toBeInstanceOf(OAuthTemporaryError);
    expect(error.message).toBe(
      'mailbox "support": could not get an access token from Microsoft (temporarily_unavailable, AADSTS90033); will retry',
    );
    expect(error.cause).toBeInstanceOf(ServerError);
    fixture.assertNoSecretIn(renderError(error), ...fixture.logger.lines);
  });

  test('a 502 without an error body (a proxy) is temporary, not an empty token', async () => {
    const before = await fixture.savedCache();
    fixture.microsoft.tokenEndpointFailure = { status: 502, body: {} };

    const error = await failure();

    expect(error).toBeInstanceOf(OAuthTemporaryError);
    expect(error.message).toMatch(/answered without an access token/);
    expect(await fixture.savedCache()).toEqual(before);
  });

  test('a network failure', async () => {
    fixture.microsoft.tokenEndpointFailure = 'network-failure';

    const error = await failure();

    expect(error).toBeInstanceOf(OAuthTemporaryError);
    expect(error.cause).toBeInstanceOf(ClientAuthError);
    expect((error.cause as ClientAuthError).errorCode).toBe('network_error');
    fixture.assertNoSecretIn(renderError(error), ...fixture.logger.lines);
  });

  test('after the outage the stored refresh token still works', async () => {
    const [refreshToken] = (await fixture.savedCache()).refreshTokens;
    fixture.microsoft.tokenEndpointFailure = {
      status: 503,
      body: aadError('temporarily_unavailable', 90033),
    };
    await failure();
    expect((await fixture.savedCache()).refreshTokens).toEqual([refreshToken]);

    fixture.microsoft.tokenEndpointFailure = undefined;
    await expect(fixture.provider()()).resolves.toMatch(/^EwA/);
  });
});

describe('other failures', () => {
  test('an app registration Microsoft does not know is a configuration error', async () => {
    fixture.microsoft.tokenEndpointFailure = { status: 400, body: aadError('unauthorized_client', 700016) };
    const error = await failure();
    expect(error).toBeInstanceOf(OAuthConfigurationError);
    expect(error.message).toMatch(/\(unauthorized_client, AADSTS700016\); check the client id/);
  });

  test('an unreadable store asks for a new login and does not quote the file', async () => {
    const [refreshToken] = (await fixture.savedCache()).refreshTokens;
    await writeFile(fixture.store.path, `{"RefreshToken":{"k":{"secret":"${refreshToken}"`);

    const error = await failure();

    expect(error).toBeInstanceOf(OAuthLoginRequiredError);
    expect(error.message).toBe(
      'mailbox "support": the stored Outlook.com login is unreadable; run: popdesk auth outlook --mailbox support',
    );
    expect(error.cause).toBeInstanceOf(TokenCacheCorruptError);
    fixture.assertNoSecretIn(renderError(error), ...fixture.logger.lines);
    expect(
      fixture.microsoft.requestsTo('token').filter((r) => r.form.get('grant_type') === 'refresh_token'),
    ).toEqual([]);
  });

  test('a store that cannot be read is temporary', async () => {
    await rm(fixture.store.path);
    await mkdir(fixture.store.path);

    const error = await failure();

    expect(error).toBeInstanceOf(OAuthTemporaryError);
    expect(error.message).toMatch(/^mailbox "support": could not read the token cache file .*support\.json$/);
    expect(error.cause).toBeInstanceOf(TokenCacheStoreError);
  });
});
