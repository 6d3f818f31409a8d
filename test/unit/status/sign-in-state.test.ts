import { describe, expect, test } from 'vitest';
import { signInState } from '../../../src/status/sign-in-state.js';

const FIX = 'popdesk auth outlook --mailbox support --config popdesk.yaml';

describe('signInState', () => {
  test('no cache saved: a person must sign in, and is told the command', () => {
    expect(signInState(undefined, FIX)).toEqual({
      type: 'oauth2-outlook',
      state: 'sign-in-needed',
      fix: FIX,
    });
  });

  test('a cache without a refresh token (signed out, or cleared) needs a sign-in too', () => {
    const cache = JSON.stringify({ Account: {}, AccessToken: {}, RefreshToken: {} });
    expect(signInState(cache, FIX)).toMatchObject({ state: 'sign-in-needed' });
  });

  test('signed in: the latest expiries, as ISO times, and no token in the result', () => {
    const cache = JSON.stringify({
      AccessToken: {
        a: { secret: 'access-secret-1', expires_on: '1796270400' },
        b: { secret: 'access-secret-2', expires_on: '1796274000' },
      },
      RefreshToken: { r: { secret: 'refresh-secret', expires_on: '1803960000' } },
    });
    const state = signInState(cache, FIX);
    expect(state).toEqual({
      type: 'oauth2-outlook',
      state: 'signed-in',
      accessTokenExpiresAt: '2026-12-03T05:00:00.000Z',
      refreshTokenExpiresAt: '2027-03-02T04:00:00.000Z',
    });
    expect(JSON.stringify(state)).not.toMatch(/secret/);
  });

  test('a refresh token without an expiry (MSAL does not always write one) is signed in, expiry unknown', () => {
    const cache = JSON.stringify({ RefreshToken: { r: { secret: 'x' } } });
    expect(signInState(cache, FIX)).toEqual({
      type: 'oauth2-outlook',
      state: 'signed-in',
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    });
  });

  test('a cache that is not JSON is reported, not mistaken for a missing sign-in', () => {
    expect(signInState('{"RefreshToken":', FIX)).toMatchObject({ state: 'unknown' });
  });
});
