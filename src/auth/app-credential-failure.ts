import { classifyMsalError } from './classify-msal-error.js';
import { OAuthConfigurationError } from './errors/oauth-configuration-error.js';
import type { OAuthError } from './errors/oauth-error.js';
import { OAuthTemporaryError } from './errors/oauth-temporary-error.js';
import { msalErrorFields, msalErrorTag } from './msal-error-fields.js';
import type { OAuthLogger } from './oauth-logger.js';
import type { OutlookAppCredential } from './outlook-app-credential.js';

/** Whose app-only token was being fetched, for messages and log lines. */
export interface AppCredentialFailureContext {
  readonly mailboxId: string;
  readonly clientId: string;
  readonly tenant: string;
  readonly credential: OutlookAppCredential;
  readonly logger: OAuthLogger;
}

/**
 * What to do about the AADSTS errors a client credentials request meets in practice, by number
 * (Microsoft's "Microsoft Entra authentication and authorization error codes" page).
 */
const FIXES: Readonly<Record<string, (context: AppCredentialFailureContext) => string>> = {
  // Expired client secret.
  '7000222': ({ clientId, credential }) =>
    `the client secret of app ${clientId} has expired: create a new one in Entra ID (App registrations > Certificates & secrets), put it in ${credential.source} and restart popdesk`,
  // Invalid client secret, most often the secret's ID copied instead of its value.
  '7000215': ({ clientId, credential }) =>
    `the client secret of app ${clientId} is wrong: put the secret's Value (not its Secret ID) from Entra ID in ${credential.source} and restart popdesk`,
  // The assertion's key is not registered on the app (or the certificate expired).
  '700027': ({ clientId, credential }) =>
    `app ${clientId} does not accept the certificate in ${credential.source}: upload it in Entra ID (App registrations > Certificates & secrets), or renew it if it expired`,
  // The application id is unknown in this tenant.
  '700016': ({ clientId, tenant }) =>
    `no app ${clientId} in tenant ${tenant}: check auth.clientId and auth.tenant, and that the app registration was not deleted`,
  // The tenant does not exist.
  '90002': ({ tenant }) => `Microsoft knows no tenant ${tenant}: check auth.tenant`,
  // The app's enterprise application is disabled.
  '7000112': ({ clientId }) => `app ${clientId} is disabled in the tenant: enable its enterprise application`,
  // Admin consent for the application permission is missing.
  '65001': ({ clientId }) =>
    `app ${clientId} has no admin consent: grant admin consent for POP.AccessAsApp in Entra ID (API permissions)`,
};

/**
 * Turns what `acquireTokenByClientCredential` threw into the error the POP3 session sees, with
 * the fix for the failures an operator can act on, and logs it once with MSAL's codes and
 * correlation id. A rejected credential or app is an {@link OAuthConfigurationError}; anything
 * that may pass (network, outage, throttling) is an {@link OAuthTemporaryError}.
 */
export function appCredentialFailure(error: unknown, context: AppCredentialFailureContext): OAuthError {
  const { mailboxId, logger } = context;
  const fields = { mailboxId, ...msalErrorFields(error) };
  const tag = msalErrorTag(fields);
  const fix = fields.aadsts === undefined ? undefined : FIXES[fields.aadsts];
  if (fix === undefined && classifyMsalError(error) === 'temporary') {
    const failure = new OAuthTemporaryError(
      `mailbox "${mailboxId}": could not get an app token from Microsoft (${tag}); will retry`,
      { cause: error },
    );
    logger.warn(fields, failure.message);
    return failure;
  }
  // Without a person in the loop, "sign in again" is no remedy: anything else Microsoft refuses
  // is the app registration's or the credential's to fix.
  const what =
    fix?.(context) ??
    `Microsoft refused an app token for app ${context.clientId}: check auth.clientId, auth.tenant and the credential in ${context.credential.source}`;
  const failure = new OAuthConfigurationError(`mailbox "${mailboxId}": ${what} (${tag})`, { cause: error });
  logger.error(fields, failure.message);
  return failure;
}
