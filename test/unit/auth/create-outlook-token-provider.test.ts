import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { OAuthConfigurationError, OAuthLoginRequiredError } from '../../../src/auth/index.js';
import { createOAuthFixture, type OAuthFixture } from './oauth-fixture.js';

const HOUR = 3_600_000;
let fixture: OAuthFixture;

beforeEach(async () => {
  // Only Date is faked: MSAL reads token expiry from it; timers, fs and sockets stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-03T08:00:00Z'));
  fixture = await createOAuthFixture();
});
afterEach(async () => {
  vi.useRealTimers();
  await fixture.cleanUp();
});

function refreshGrants() {
  return fixture.microsoft
    .requestsTo('token')
    .filter((request) => request.form.get('grant_type') === 'refresh_token');
}

describe('createOutlookTokenProvider', () => {
  test('after a device-code login, a fresh provider gets the cached token with no network call', async () => {
    fixture.microsoft.pendingPolls = 1;
    const shown = await fixture.signIn();

    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(
      /^To sign in, use a web browser to open the page https:\/\/www\.microsoft\.com\/link and enter the code [0-9A-F]{9} to authenticate\.$/,
    );
    const saved = await fixture.savedCache();
    expect(saved.usernames).toEqual(['support@outlook.com']);
    expect(saved.refreshTokens).toHaveLength(1);
    expect(fixture.microsoft.liveRefreshTokens.has(saved.refreshTokens[0]!)).toBe(true);
    // One device-code request, then a pending poll and the successful one; no discovery calls:
    // msal-node has login.microsoftonline.com's metadata built in.
    expect(fixture.microsoft.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /consumers/oauth2/v2.0/devicecode',
      'POST /consumers/oauth2/v2.0/token',
      'POST /consumers/oauth2/v2.0/token',
    ]);

    const requestsBefore = fixture.microsoft.requests.length;
    const token = await fixture.provider()();

    expect(token).toBe(saved.accessTokens[0]);
    expect(fixture.microsoft.requests).toHaveLength(requestsBefore);
    expect(await fixture.provider()()).toBe(token);
    expect(fixture.microsoft.requests).toHaveLength(requestsBefore);
  });

  test('an expired access token is refreshed and the rotated refresh token is saved (zammad#3411)', async () => {
    await fixture.signIn();
    const firstToken = await fixture.provider()();
    const [loginRefreshToken] = (await fixture.savedCache()).refreshTokens;

    vi.setSystemTime(Date.now() + 2 * HOUR);
    const secondToken = await fixture.provider()();

    expect(secondToken).not.toBe(firstToken);
    expect(refreshGrants()).toHaveLength(1);
    expect(refreshGrants()[0]!.form.get('refresh_token')).toBe(loginRefreshToken);
    const saved = await fixture.savedCache();
    expect(saved.refreshTokens).toHaveLength(1);
    expect(saved.refreshTokens[0]).not.toBe(loginRefreshToken);
    expect(fixture.microsoft.liveRefreshTokens.has(saved.refreshTokens[0]!)).toBe(true);
    expect(saved.accessTokens).toEqual([secondToken]);
    expect(fixture.logger.lines.some((line) => line.includes('refreshed the access token'))).toBe(true);

    // The fake no longer accepts the login's refresh token: only the saved, rotated one works.
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const thirdToken = await fixture.provider()();

    expect(refreshGrants()).toHaveLength(2);
    expect(refreshGrants()[1]!.form.get('refresh_token')).toBe(saved.refreshTokens[0]);
    expect((await fixture.savedCache()).accessTokens).toEqual([thirdToken]);
    fixture.assertNoSecretIn(...fixture.logger.lines);
  });

  test('a token within five minutes of expiry is refreshed before a session uses it', async () => {
    await fixture.signIn();
    vi.setSystemTime(Date.now() + HOUR - 4 * 60_000);
    await fixture.provider()();
    expect(refreshGrants()).toHaveLength(1);
  });

  test('overlapping calls share one refresh', async () => {
    await fixture.signIn();
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const provider = fixture.provider();

    const tokens = await Promise.all([provider(), provider(), provider()]);

    expect(new Set(tokens).size).toBe(1);
    expect(refreshGrants()).toHaveLength(1);
  });

  test('with nothing stored, the login is required and Microsoft is not asked', async () => {
    const failure = await fixture
      .provider()()
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OAuthLoginRequiredError);
    expect((failure as OAuthLoginRequiredError).reason).toBe('missing');
    expect((failure as Error).message).toBe(
      'mailbox "support": no Outlook.com login is stored for this mailbox; run: popdesk auth outlook --mailbox support',
    );
    expect(fixture.microsoft.requests).toHaveLength(0);
  });

  test('the account is matched by username without regard to case', async () => {
    await fixture.signIn();
    await expect(fixture.provider({ username: 'SUPPORT@Outlook.COM' })()).resolves.toMatch(/^EwA/);
    expect(fixture.logger.lines).toEqual([]);
  });

  test('a lone account for another address is used, with one warning (shared mailbox)', async () => {
    await fixture.signIn();
    const provider = fixture.provider({ username: 'helpdesk@example.org' });

    await provider();
    await provider();

    const warnings = fixture.logger.lines.filter((line) => line.includes('"level":"warn"'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ mailboxId: 'support', account: 'support@outlook.com' });
  });

  test('invalid options are rejected when the provider is created', () => {
    expect(() => fixture.provider({ tenant: 'consumers/../common' })).toThrow(OAuthConfigurationError);
    expect(() => fixture.provider({ username: ' ' })).toThrow(OAuthConfigurationError);
  });
});
