import { type ICachePlugin, type INetworkModule, PublicClientApplication } from '@azure/msal-node';
import { microsoftAuthority } from './microsoft-authority.js';
import { msalLoggerOptions } from './msal-logger-options.js';
import type { OAuthLogger } from './oauth-logger.js';

/** What {@link createPublicClient} needs. */
export interface PublicClientOptions {
  readonly clientId: string;
  readonly tenant: string;
  readonly cachePlugin?: ICachePlugin;
  /** MSAL's HTTP client; tests pass a fake that plays Microsoft's endpoints. */
  readonly networkClient?: INetworkModule;
  /** Receives MSAL's own warnings and errors, PII logging off. */
  readonly logger?: OAuthLogger;
  /** Extra fields on every forwarded MSAL line, e.g. `{ mailboxId }`. */
  readonly logFields?: object;
}

/**
 * A fresh MSAL public client for `https://login.microsoftonline.com/<tenant>`. msal-node knows
 * that host's endpoints built in, so it makes no instance-discovery or OpenID-configuration
 * request: the only traffic is to the device-code and token endpoints.
 */
export function createPublicClient(options: PublicClientOptions): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId: options.clientId, authority: microsoftAuthority(options.tenant) },
    ...(options.cachePlugin ? { cache: { cachePlugin: options.cachePlugin } } : {}),
    system: {
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
      loggerOptions: msalLoggerOptions(options.logger, options.logFields),
    },
  });
}
