import {
  AuthError,
  ClientAuthError,
  ClientConfigurationError,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';
import { describe, expect, test } from 'vitest';
import { TokenCacheStoreError } from '../../../src/auth/index.js';
import { classifyMsalError } from '../../../src/auth/msal.js';

/** How msal-node builds a ServerError from a token endpoint error body. */
function serverError(code: string, aadsts: number, subError?: string): ServerError {
  return new ServerError(code, 'corr-id', `AADSTS${aadsts}: description`, subError, String(aadsts));
}

/** How msal-node's device-code client reports a poll answer other than authorization_pending. */
function devicePollError(serverCode: string): AuthError {
  return new AuthError('post_request_failed', 'corr-id', serverCode);
}

describe('classifyMsalError', () => {
  test.each([
    'no_tokens_found',
    'refresh_token_expired',
    'interaction_required',
    'consent_required',
    'login_required',
    'bad_token',
    'ui_not_allowed',
  ])('InteractionRequiredAuthError %s needs a login', (code) => {
    expect(classifyMsalError(new InteractionRequiredAuthError(code, 'corr-id'))).toBe('login-required');
  });

  test.each([
    ['invalid_grant', 70008, 'login-required'],
    ['invalid_grant', 700082, 'login-required'],
    ['invalid_grant', 50173, 'login-required'],
    ['access_denied', 50105, 'login-required'],
    ['invalid_client', 7000218, 'configuration'],
    ['unauthorized_client', 700016, 'configuration'],
    ['invalid_scope', 70011, 'configuration'],
    ['invalid_request', 900144, 'configuration'],
    ['temporarily_unavailable', 90033, 'temporary'],
    ['server_error', 90100, 'temporary'],
    ['something_new', 1, 'temporary'],
  ] as const)('ServerError %s (AADSTS%i) is %s', (code, aadsts, kind) => {
    expect(classifyMsalError(serverError(code, aadsts))).toBe(kind);
  });

  test('ServerError replayed by MSAL throttling (error codes joined, no error name) is temporary', () => {
    expect(classifyMsalError(new ServerError('90033', 'corr-id', 'description'))).toBe('temporary');
  });

  test.each([
    ['no_account_in_silent_request', 'login-required'],
    ['no_account_found', 'login-required'],
    ['device_code_expired', 'login-required'],
    ['device_code_polling_cancelled', 'login-required'],
    ['user_timeout_reached', 'login-required'],
    ['network_error', 'temporary'],
    ['token_parsing_error', 'temporary'],
    ['endpoints_resolution_error', 'temporary'],
    ['openid_config_error', 'temporary'],
    ['no_network_connectivity', 'temporary'],
  ] as const)('ClientAuthError %s is %s', (code, kind) => {
    expect(classifyMsalError(new ClientAuthError(code, 'corr-id'))).toBe(kind);
  });

  test.each(['untrusted_authority', 'url_parse_error', 'invalid_cloud_discovery_metadata'])(
    'ClientConfigurationError %s is a configuration error',
    (code) => {
      expect(classifyMsalError(new ClientConfigurationError(code, 'corr-id'))).toBe('configuration');
    },
  );

  test.each([
    ['authorization_declined', 'login-required'],
    ['expired_token', 'login-required'],
    ['bad_verification_code', 'login-required'],
    ['invalid_client', 'configuration'],
    ['slow_down', 'temporary'],
  ] as const)('a device-code poll answering %s is %s', (serverCode, kind) => {
    expect(classifyMsalError(devicePollError(serverCode))).toBe(kind);
  });

  test('anything else is temporary', () => {
    expect(classifyMsalError(new AuthError('unexpected_error', 'corr-id'))).toBe('temporary');
    expect(classifyMsalError(new TypeError('fetch failed'))).toBe('temporary');
    expect(classifyMsalError(new TokenCacheStoreError('disk'))).toBe('temporary');
    expect(classifyMsalError('a string')).toBe('temporary');
  });
});
