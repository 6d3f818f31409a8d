import { OAuthConfigurationError } from './errors/oauth-configuration-error.js';

/** Microsoft's tenant for personal accounts (Outlook.com, Hotmail, Live). */
export const CONSUMERS_TENANT = 'consumers';

/** A tenant id (GUID), a verified domain, or one of `consumers`, `organizations`, `common`. */
const TENANT = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * The authority URL MSAL signs in against, e.g. `https://login.microsoftonline.com/consumers`.
 * Rejects a tenant that would make a different URL (a slash, a space) instead of passing it on.
 */
export function microsoftAuthority(tenant: string): string {
  if (!TENANT.test(tenant)) {
    throw new OAuthConfigurationError(
      `invalid Microsoft tenant ${JSON.stringify(tenant)}: use "consumers" for Outlook.com, "organizations" or a tenant id for Microsoft 365`,
    );
  }
  return `https://login.microsoftonline.com/${tenant}`;
}

/** What people call the account behind a tenant, for messages. */
export function microsoftServiceName(tenant: string): string {
  return tenant.toLowerCase() === CONSUMERS_TENANT ? 'Outlook.com' : 'Microsoft 365';
}
