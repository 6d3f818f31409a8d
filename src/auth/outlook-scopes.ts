/**
 * Delegated scopes for POP3 with SASL XOAUTH2 on Outlook.com and Exchange Online.
 * `offline_access` makes Microsoft issue the refresh token that keeps a headless service signed in.
 */
export const OUTLOOK_POP_SCOPES: readonly string[] = [
  'https://outlook.office.com/POP.AccessAsUser.All',
  'offline_access',
];
