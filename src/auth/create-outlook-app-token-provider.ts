import { X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, type INetworkModule, type NodeAuthOptions } from '@azure/msal-node';
import { appCredentialFailure } from './app-credential-failure.js';
import type { AccessTokenProvider } from './create-outlook-token-provider.js';
import { OAuthConfigurationError } from './errors/oauth-configuration-error.js';
import { OAuthTemporaryError } from './errors/oauth-temporary-error.js';
import { microsoftAuthority } from './microsoft-authority.js';
import { msalLoggerOptions } from './msal-logger-options.js';
import type { OAuthLogger } from './oauth-logger.js';
import type { OutlookAppCredential } from './outlook-app-credential.js';
import { OUTLOOK_APP_SCOPES } from './outlook-app-scopes.js';
import { shareInFlight } from './share-in-flight.js';

/** What {@link createOutlookAppTokenProvider} needs for one mailbox. */
export interface OutlookAppTokenProviderOptions {
  /** popdesk's id of the mailbox; named in errors. */
  readonly mailboxId: string;
  /** The Entra app registration's application (client) id. */
  readonly clientId: string;
  /** The Microsoft 365 tenant: its id or a verified domain. */
  readonly tenant: string;
  readonly credential: OutlookAppCredential;
  readonly logger: OAuthLogger;
  /** MSAL's HTTP client; defaults to msal-node's fetch client. */
  readonly networkClient?: INetworkModule;
}

/**
 * Creates the function a POP3 session calls before `AUTH XOAUTH2` for a mailbox the app reads
 * on its own (client credentials grant, no person). MSAL keeps the app token in memory and asks
 * Microsoft again shortly before it expires; there is no refresh token to persist. Overlapping
 * calls share one acquisition.
 *
 * The returned function throws {@link OAuthConfigurationError} (fix the app or its credential;
 * the message says how) or {@link OAuthTemporaryError} (retry). Invalid options throw
 * {@link OAuthConfigurationError} here, at creation.
 */
export function createOutlookAppTokenProvider(options: OutlookAppTokenProviderOptions): AccessTokenProvider {
  const { mailboxId, clientId, tenant, credential, logger, networkClient } = options;
  const app = new ConfidentialClientApplication({
    auth: { clientId, authority: microsoftAuthority(tenant), ...credentialOptions(credential) },
    system: {
      ...(networkClient ? { networkClient } : {}),
      loggerOptions: msalLoggerOptions(logger, { mailboxId }),
    },
  });
  const context = { mailboxId, clientId, tenant, credential, logger };

  async function acquire(): Promise<string> {
    const result = await app
      .acquireTokenByClientCredential({ scopes: [...OUTLOOK_APP_SCOPES] })
      .catch((error: unknown) => {
        throw appCredentialFailure(error, context);
      });
    // msal-node takes a 5xx answer without an `error` field for a token response with no tokens.
    if (!result?.accessToken) {
      const failure = new OAuthTemporaryError(
        `mailbox "${mailboxId}": Microsoft's token endpoint answered without an access token; will retry`,
      );
      logger.warn({ mailboxId }, failure.message);
      throw failure;
    }
    if (!result.fromCache) {
      logger.info({ mailboxId, expiresOn: result.expiresOn?.toISOString() }, 'got an app access token');
    }
    return result.accessToken;
  }

  return shareInFlight(acquire);
}

/** The credential as msal-node takes it; a certificate is named by its SHA-256 thumbprint. */
function credentialOptions(credential: OutlookAppCredential): Partial<NodeAuthOptions> {
  if (credential.kind === 'secret') return { clientSecret: credential.clientSecret };
  return {
    clientCertificate: {
      thumbprintSha256: certificateThumbprint(credential.certificate, credential.source),
      privateKey: credential.privateKey,
    },
  };
}

/** The hex SHA-256 thumbprint of a PEM certificate, as Entra ID shows it and msal-node wants it. */
function certificateThumbprint(pem: string, source: string): string {
  try {
    return new X509Certificate(pem).fingerprint256.replaceAll(':', '');
  } catch (error) {
    throw new OAuthConfigurationError(`${source} holds no PEM certificate`, { cause: error });
  }
}
