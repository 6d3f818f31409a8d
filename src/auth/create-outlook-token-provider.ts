import type { INetworkModule } from '@azure/msal-node';
import { createPublicClient } from './create-public-client.js';
import { OAuthConfigurationError } from './errors/oauth-configuration-error.js';
import { OAuthLoginRequiredError } from './errors/oauth-login-required-error.js';
import { OAuthTemporaryError } from './errors/oauth-temporary-error.js';
import { microsoftAuthority, microsoftServiceName } from './microsoft-authority.js';
import { createMsalCachePlugin } from './msal-cache-plugin.js';
import { oauthFailure } from './oauth-failure.js';
import type { OAuthLogger } from './oauth-logger.js';
import { OUTLOOK_POP_SCOPES } from './outlook-scopes.js';
import { selectAccount } from './select-account.js';
import { shareInFlight } from './share-in-flight.js';
import type { TokenCacheStore } from './token-cache-store.js';

/** What {@link createOutlookTokenProvider} needs for one mailbox. */
export interface OutlookTokenProviderOptions {
  /** popdesk's id of the mailbox; named in errors and in the login command they suggest. */
  readonly mailboxId: string;
  /** The POP3 login (the mailbox address); picks the stored account when several exist. */
  readonly username: string;
  /** The Entra app registration's application (client) id; public client flows allowed. */
  readonly clientId: string;
  /** `consumers` for Outlook.com, `organizations` or a tenant id for Microsoft 365. */
  readonly tenant: string;
  /** Where the device-code login saved this mailbox's MSAL cache. */
  readonly store: TokenCacheStore;
  readonly logger: OAuthLogger;
  /** MSAL's HTTP client; defaults to msal-node's fetch client. */
  readonly networkClient?: INetworkModule;
}

/** Returns an access token valid for at least five more minutes. */
export type AccessTokenProvider = () => Promise<string>;

/**
 * Creates the function a POP3 session calls before `AUTH XOAUTH2`. Each call reads the store,
 * picks the mailbox's account and calls MSAL's `acquireTokenSilent`, which answers from the cache
 * or redeems the refresh token; a rotated refresh token is saved to the store before the call
 * returns. Overlapping calls share one acquisition.
 *
 * The returned function throws {@link OAuthLoginRequiredError} (run the device-code login again),
 * {@link OAuthConfigurationError} (fix the app registration) or {@link OAuthTemporaryError}
 * (retry). Invalid options throw {@link OAuthConfigurationError} here, at creation.
 */
export function createOutlookTokenProvider(options: OutlookTokenProviderOptions): AccessTokenProvider {
  const { mailboxId, username, clientId, tenant, store, logger, networkClient } = options;
  requireText('mailboxId', mailboxId);
  requireText('username', username);
  requireText('clientId', clientId);
  microsoftAuthority(tenant);
  const service = microsoftServiceName(tenant);
  const cachePlugin = createMsalCachePlugin(store);
  const context = { mailboxId, service, logger };
  const explained = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      throw oauthFailure(error, context);
    });
  let warnedAboutAccount = false;

  async function acquire(): Promise<string> {
    // A new client per session: everything MSAL knows then comes from the store, never from a
    // previous session's memory.
    const app = createPublicClient({
      clientId,
      tenant,
      cachePlugin,
      ...(networkClient ? { networkClient } : {}),
      logger,
      logFields: { mailboxId },
    });
    const choice = selectAccount(await explained(app.getTokenCache().getAllAccounts()), username);
    if (!choice) {
      const failure = new OAuthLoginRequiredError(mailboxId, 'missing', service);
      logger.error({ mailboxId }, failure.message);
      throw failure;
    }
    if (!choice.matchedUsername && !warnedAboutAccount) {
      warnedAboutAccount = true;
      logger.warn(
        { mailboxId, username, account: choice.account.username },
        'using the only stored login, which is for another address (a shared mailbox?)',
      );
    }
    const result = await explained(
      app.acquireTokenSilent({ account: choice.account, scopes: [...OUTLOOK_POP_SCOPES] }),
    );
    // msal-node takes a 5xx answer without an `error` field for a token response with no tokens.
    if (!result.accessToken) {
      const failure = new OAuthTemporaryError(
        `mailbox "${mailboxId}": Microsoft's token endpoint answered without an access token; will retry`,
      );
      logger.warn({ mailboxId }, failure.message);
      throw failure;
    }
    if (!result.fromCache) {
      logger.info({ mailboxId, expiresOn: result.expiresOn?.toISOString() }, 'refreshed the access token');
    }
    return result.accessToken;
  }

  return shareInFlight(acquire);
}

function requireText(name: string, value: string): void {
  if (value.trim() === '') throw new OAuthConfigurationError(`${name} is empty`);
}
