import type { AuthenticationResult, INetworkModule } from '@azure/msal-node';
import { classifyMsalError } from './classify-msal-error.js';
import { createPublicClient } from './create-public-client.js';
import { OAuthConfigurationError } from './errors/oauth-configuration-error.js';
import { OAuthError } from './errors/oauth-error.js';
import { OAuthLoginFailedError } from './errors/oauth-login-failed-error.js';
import { OAuthTemporaryError } from './errors/oauth-temporary-error.js';
import { microsoftAuthority } from './microsoft-authority.js';
import { msalErrorFields, msalErrorTag } from './msal-error-fields.js';
import { OUTLOOK_POP_SCOPES } from './outlook-scopes.js';
import type { TokenCacheStore } from './token-cache-store.js';

/** What {@link runDeviceCodeLogin} needs. */
export interface DeviceCodeLoginOptions {
  /** The Entra app registration's application (client) id; public client flows allowed. */
  readonly clientId: string;
  /** `consumers` for Outlook.com, `organizations` or a tenant id for Microsoft 365. */
  readonly tenant: string;
  /**
   * The account that must sign in (case-insensitive). A sign-in as anyone else is refused and
   * nothing is saved. Omit it when any account may sign in, e.g. a delegate of a shared mailbox.
   */
  readonly username?: string;
  /** Receives the new login; what it held before is replaced. */
  readonly store: TokenCacheStore;
  /** MSAL's HTTP client; defaults to msal-node's fetch client. */
  readonly networkClient?: INetworkModule;
  /**
   * Shows Microsoft's instruction to the person, e.g. "To sign in, use a web browser to open the
   * page https://www.microsoft.com/link and enter the code ABCD1234 to authenticate."
   */
  readonly prompt: (message: string) => void;
}

/** Who signed in. */
export interface DeviceCodeLoginResult {
  readonly username: string;
}

/**
 * Signs a mailbox in with the OAuth device-code flow: shows the code through `prompt`, waits
 * while the person signs in on another device, and saves MSAL's cache (with the refresh token)
 * to `store` only once the right account signed in.
 *
 * Throws {@link OAuthLoginFailedError} (declined, code expired, wrong account),
 * {@link OAuthConfigurationError} (client id, tenant or app registration rejected),
 * {@link OAuthTemporaryError} (Microsoft unreachable) or `TokenCacheStoreError` (saving failed).
 */
export async function runDeviceCodeLogin(options: DeviceCodeLoginOptions): Promise<DeviceCodeLoginResult> {
  const { clientId, tenant, username, store, networkClient, prompt } = options;
  if (clientId.trim() === '') throw new OAuthConfigurationError('clientId is empty');
  microsoftAuthority(tenant);
  // No cache plugin: the store is written once, below, after the account was checked.
  const app = createPublicClient({ clientId, tenant, ...(networkClient ? { networkClient } : {}) });

  let result: AuthenticationResult | null;
  try {
    result = await app.acquireTokenByDeviceCode({
      scopes: [...OUTLOOK_POP_SCOPES],
      deviceCodeCallback: (response) => {
        // msal-node does not check the device-code answer: a refusal arrives here as a
        // response without a code, and polling would then go on with an undefined one.
        if (!response.userCode || !response.message) {
          throw new OAuthConfigurationError(
            "Microsoft's device-code endpoint returned no user code: check the client id, the tenant and that the app registration allows public client flows",
          );
        }
        prompt(response.message);
      },
    });
  } catch (error) {
    throw loginFailure(error);
  }

  const account = result?.account;
  if (!account || !result?.accessToken) {
    throw new OAuthLoginFailedError(
      'Microsoft completed the sign-in without returning an account; nothing was saved',
    );
  }
  if (username !== undefined && account.username.toLowerCase() !== username.toLowerCase()) {
    throw new OAuthLoginFailedError(
      `signed in as ${account.username}, but this mailbox expects ${username}; nothing was saved, sign in again as ${username}`,
    );
  }
  await store.save(app.getTokenCache().serialize());
  return { username: account.username };
}

function loginFailure(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  const tag = msalErrorTag(msalErrorFields(error));
  const options = { cause: error };
  switch (classifyMsalError(error)) {
    case 'login-required':
      return new OAuthLoginFailedError(
        `the sign-in did not complete (${tag}); nothing was saved, run the login again`,
        options,
      );
    case 'configuration':
      return new OAuthConfigurationError(
        `Microsoft rejected the sign-in request (${tag}): check the client id, the tenant and that the app registration allows public client flows`,
        options,
      );
    case 'temporary':
      return new OAuthTemporaryError(
        `could not complete the sign-in with Microsoft (${tag}); try again`,
        options,
      );
  }
}
