import { describe, expect, test } from 'vitest';
import {
  loginCommand,
  OAuthConfigurationError,
  OAuthError,
  OAuthLoginFailedError,
  OAuthLoginRequiredError,
  OAuthTemporaryError,
  TokenCacheCorruptError,
  TokenCacheStoreError,
} from '../../../src/auth/index.js';

describe('OAuth errors', () => {
  test('the login-required message names the mailbox and the exact command', () => {
    const error = new OAuthLoginRequiredError('support', 'expired', 'Outlook.com');
    expect(error.message).toBe(
      'mailbox "support": the Outlook.com login has expired or was revoked; run: popdesk auth outlook --mailbox support',
    );
    expect(new OAuthLoginRequiredError('sales', 'missing', 'Microsoft 365').message).toBe(
      'mailbox "sales": no Microsoft 365 login is stored for this mailbox; run: popdesk auth outlook --mailbox sales',
    );
  });

  test('a mailbox id with shell metacharacters is quoted in the command', () => {
    expect(loginCommand('support-eu.1')).toBe('popdesk auth outlook --mailbox support-eu.1');
    expect(loginCommand('my box')).toBe("popdesk auth outlook --mailbox 'my box'");
    expect(loginCommand("o'neil;rm")).toBe(`popdesk auth outlook --mailbox 'o'\\''neil;rm'`);
  });

  test.each([
    [
      new OAuthLoginRequiredError('m', 'expired', 'Outlook.com', { cause: new Error('x') }),
      'OAuthLoginRequiredError',
    ],
    [new OAuthTemporaryError('t', { cause: new Error('x') }), 'OAuthTemporaryError'],
    [new OAuthConfigurationError('c', { cause: new Error('x') }), 'OAuthConfigurationError'],
    [new OAuthLoginFailedError('f', { cause: new Error('x') }), 'OAuthLoginFailedError'],
    [new TokenCacheStoreError('s', { cause: new Error('x') }), 'TokenCacheStoreError'],
    [new TokenCacheCorruptError('k', { cause: new Error('x') }), 'TokenCacheCorruptError'],
  ])('%s is an OAuthError with its own name and keeps its cause', (error, name) => {
    expect(error).toBeInstanceOf(OAuthError);
    expect(error.name).toBe(name);
    expect((error.cause as Error).message).toBe('x');
  });
});
