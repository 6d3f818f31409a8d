import { AuthError } from '@azure/msal-node';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { OAuthConfigurationError, OAuthLoginFailedError } from '../../../src/auth/index.js';
import { type DeviceCodeLoginOptions, runDeviceCodeLogin } from '../../../src/auth/msal.js';
import { aadError } from '../../support/fake-microsoft-login.js';
import { CLIENT_ID, createOAuthFixture, type OAuthFixture, renderError, USERNAME } from './oauth-fixture.js';

let fixture: OAuthFixture;
let shown: string[];

beforeEach(async () => {
  fixture = await createOAuthFixture();
  shown = [];
});
afterEach(async () => {
  await fixture.cleanUp();
});

function login(options: Partial<DeviceCodeLoginOptions> = {}) {
  return runDeviceCodeLogin({
    clientId: CLIENT_ID,
    tenant: 'consumers',
    username: USERNAME,
    store: fixture.store,
    networkClient: fixture.microsoft,
    prompt: (message) => shown.push(message),
    ...options,
  });
}

describe('runDeviceCodeLogin', () => {
  test('returns who signed in and saves only the cache of that login', async () => {
    await expect(login({ username: undefined })).resolves.toEqual({ username: USERNAME });

    const device = fixture.microsoft.requestsTo('devicecode')[0]!;
    expect(device.form.get('client_id')).toBe(CLIENT_ID);
    expect(device.form.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['https://outlook.office.com/POP.AccessAsUser.All', 'offline_access']),
    );
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('https://www.microsoft.com/link');
    expect((await fixture.savedCache()).usernames).toEqual([USERNAME]);
  });

  test('signing in again replaces the stored login', async () => {
    await login();
    const [first] = (await fixture.savedCache()).refreshTokens;
    await login();
    const saved = await fixture.savedCache();
    expect(saved.refreshTokens).toHaveLength(1);
    expect(saved.refreshTokens[0]).not.toBe(first);
  });

  test('a sign-in with another account is refused and the stored login survives', async () => {
    await login();
    const before = await fixture.store.load();
    fixture.microsoft.user = {
      ...fixture.microsoft.user,
      username: 'someone.else@outlook.com',
      oid: 'other-oid',
    };

    const error = await login().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OAuthLoginFailedError);
    expect((error as Error).message).toBe(
      'signed in as someone.else@outlook.com, but this mailbox expects support@outlook.com; nothing was saved, sign in again as support@outlook.com',
    );
    expect(await fixture.store.load()).toBe(before);
  });

  test.each(['authorization_declined', 'expired_token'] as const)(
    '%s fails the login and saves nothing',
    async (outcome) => {
      fixture.microsoft.deviceCodeOutcome = outcome;

      const error = await login().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(OAuthLoginFailedError);
      expect((error as Error).message).toBe(
        `the sign-in did not complete (${outcome}); nothing was saved, run the login again`,
      );
      expect((error as Error).cause).toBeInstanceOf(AuthError);
      expect(await fixture.store.load()).toBeUndefined();
      fixture.assertNoSecretIn(renderError(error));
    },
  );

  test('an unknown client id is refused at the device-code endpoint: no prompt, no polling', async () => {
    const error = await login({ clientId: '00000000-0000-0000-0000-00000000dead' }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(OAuthConfigurationError);
    expect(shown).toEqual([]);
    expect(fixture.microsoft.requestsTo('token')).toEqual([]);
  });

  test('an app without public client flows is refused while polling', async () => {
    fixture.microsoft.tokenEndpointFailure = { status: 401, body: aadError('invalid_client', 7000218) };

    const error = await login().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OAuthConfigurationError);
    expect((error as Error).message).toMatch(/^Microsoft rejected the sign-in request \(invalid_client\)/);
  });
});
