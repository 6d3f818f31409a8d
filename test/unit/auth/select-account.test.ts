import type { AccountInfo } from '@azure/msal-node';
import { describe, expect, test } from 'vitest';
import { selectAccount } from '../../../src/auth/select-account.js';

function account(username: string): AccountInfo {
  return {
    homeAccountId: `${username}.home`,
    environment: 'login.windows.net',
    tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
    username,
    localAccountId: `${username}.local`,
  };
}

describe('selectAccount', () => {
  test('matches the username without regard to case', () => {
    const accounts = [account('a@outlook.com'), account('Support@Outlook.com')];
    expect(selectAccount(accounts, 'support@outlook.COM')).toEqual({
      account: accounts[1],
      matchedUsername: true,
    });
  });

  test('falls back to the only account (a shared mailbox signed in by a person)', () => {
    const only = account('agent@contoso.com');
    expect(selectAccount([only], 'helpdesk@contoso.com')).toEqual({ account: only, matchedUsername: false });
  });

  test('gives nothing when several accounts do not match, or none is stored', () => {
    expect(selectAccount([account('a@x.com'), account('b@x.com')], 'c@x.com')).toBeUndefined();
    expect(selectAccount([], 'c@x.com')).toBeUndefined();
  });
});
