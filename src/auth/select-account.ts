import type { AccountInfo } from '@azure/msal-node';

/** The account to use for a mailbox, and whether it was picked by name. */
export interface AccountChoice {
  readonly account: AccountInfo;
  /** False when the only stored account was taken although its name differs (shared mailbox). */
  readonly matchedUsername: boolean;
}

/**
 * Picks the cached account signed in as `username` (case-insensitive). Failing that, a lone
 * account is used: for a shared mailbox the POP3 user is the mailbox address while the login
 * belongs to a person. Several accounts and none matching, or none at all, give `undefined`.
 */
export function selectAccount(accounts: readonly AccountInfo[], username: string): AccountChoice | undefined {
  const wanted = username.toLowerCase();
  const match = accounts.find((account) => account.username.toLowerCase() === wanted);
  if (match) return { account: match, matchedUsername: true };
  const [only] = accounts;
  if (only && accounts.length === 1) return { account: only, matchedUsername: false };
  return undefined;
}
