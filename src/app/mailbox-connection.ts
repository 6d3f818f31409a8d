import type { INetworkModule } from '@azure/msal-node';
import type { Logger } from 'pino';
import {
  type AccessTokenProvider,
  appMailboxAccessHint,
  FileTokenCacheStore,
  OAuthConfigurationError,
  type OutlookAppCredential,
  RedisTokenCacheStore,
  type TokenCacheStore,
} from '../auth/index.js';
import type { MailboxConfig, OutlookAppAuthConfig } from '../config/index.js';
import type { MailboxConnection } from '../mailbox/open-mailbox-session.js';
import type { RedisClient } from '../queue/redis-client.js';
import { RedisKeys } from '../queue/redis-keys.js';

/** The Redis key holding a mailbox's MSAL token cache when `tokenCache.type` is `redis`. */
export function tokenCacheKey(prefix: string, mailboxId: string): string {
  return new RedisKeys(prefix).oauthTokenCache(mailboxId);
}

/** Where a mailbox's OAuth2 token cache lives. */
export function tokenCacheStore(mailbox: MailboxConfig, redis: RedisClient, prefix: string): TokenCacheStore {
  const cache = mailbox.auth.type === 'oauth2-outlook' ? mailbox.auth.tokenCache : undefined;
  if (cache?.type === 'file') return new FileTokenCacheStore(cache.path);
  return new RedisTokenCacheStore(redis, tokenCacheKey(prefix, mailbox.id));
}

/**
 * The app's secret or certificate, and where the operator keeps it. The config guarantees one
 * of the two is there.
 */
function outlookAppCredential(mailboxId: string, auth: OutlookAppAuthConfig): OutlookAppCredential {
  const keyPath = (key: string): string => `mailboxes[${mailboxId}].auth.${key}`;
  if (auth.clientSecret !== undefined) {
    return {
      kind: 'secret',
      clientSecret: auth.clientSecret,
      source: auth.clientSecretFile ?? keyPath('clientSecret'),
    };
  }
  if (auth.certificate === undefined || auth.privateKey === undefined) {
    // The schema refuses such a config; this keeps a config built another way from failing later.
    throw new OAuthConfigurationError(
      `mailbox "${mailboxId}": auth needs clientSecretFile, or certificateFile and privateKeyFile`,
    );
  }
  return {
    kind: 'certificate',
    certificate: auth.certificate,
    privateKey: auth.privateKey,
    source: auth.certificateFile ?? keyPath('certificate'),
  };
}

/** How to reach and log in to a configured mailbox; OAuth2 mailboxes get a token provider. */
export function mailboxConnection(
  mailbox: MailboxConfig,
  redis: RedisClient,
  prefix: string,
  logger: Logger,
  networkClient?: INetworkModule,
): MailboxConnection {
  const base = {
    host: mailbox.host,
    port: mailbox.port,
    tls: mailbox.tls,
    verifyCertificate: mailbox.verifyCertificate,
    ...(mailbox.ca !== undefined ? { ca: mailbox.ca } : {}),
    username: mailbox.username,
    timeoutMs: mailbox.timeout,
    pipelineWindow: mailbox.pipelineWindow,
    pipelining: mailbox.pipelining,
  };
  if (mailbox.auth.type === 'oauth2-outlook') {
    const auth = mailbox.auth;
    const accessToken = withMsal(({ createOutlookTokenProvider }) =>
      createOutlookTokenProvider({
        mailboxId: mailbox.id,
        username: mailbox.username,
        clientId: auth.clientId,
        tenant: auth.tenant,
        store: tokenCacheStore(mailbox, redis, prefix),
        logger: logger.child({ component: 'oauth', mailbox: mailbox.id }),
        ...(networkClient !== undefined ? { networkClient } : {}),
      }),
    );
    return { ...base, credential: { accessToken } };
  }
  if (mailbox.auth.type === 'oauth2-outlook-app') {
    const auth = mailbox.auth;
    const credential = outlookAppCredential(mailbox.id, auth);
    const accessToken = withMsal(({ createOutlookAppTokenProvider }) =>
      createOutlookAppTokenProvider({
        mailboxId: mailbox.id,
        clientId: auth.clientId,
        tenant: auth.tenant,
        credential,
        logger: logger.child({ component: 'oauth', mailbox: mailbox.id }),
        ...(networkClient !== undefined ? { networkClient } : {}),
      }),
    );
    return {
      ...base,
      credential: { accessToken },
      loginRefusedHint: appMailboxAccessHint(auth.clientId, mailbox.username),
    };
  }
  return { ...base, credential: { password: mailbox.password ?? '' } };
}

/** What `auth/msal.ts` exports: the token providers that talk to Microsoft. */
type MsalDoor = typeof import('../auth/msal.js');

/**
 * A token provider made on the first token request, so MSAL (and its JWT and HTTP stack) is
 * loaded only by a process that signs a mailbox in with OAuth2, not by every poller.
 */
function withMsal(create: (msal: MsalDoor) => AccessTokenProvider): AccessTokenProvider {
  let provider: Promise<AccessTokenProvider> | undefined;
  return async () => {
    provider ??= import('../auth/msal.js').then(create);
    return (await provider)();
  };
}
