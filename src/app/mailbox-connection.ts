import type { INetworkModule } from '@azure/msal-node';
import type { Logger } from 'pino';
import {
  createOutlookTokenProvider,
  FileTokenCacheStore,
  RedisTokenCacheStore,
  type TokenCacheStore,
} from '../auth/index.js';
import type { MailboxConfig } from '../config/index.js';
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
    const accessToken = createOutlookTokenProvider({
      mailboxId: mailbox.id,
      username: mailbox.username,
      clientId: mailbox.auth.clientId,
      tenant: mailbox.auth.tenant,
      store: tokenCacheStore(mailbox, redis, prefix),
      logger: logger.child({ component: 'oauth', mailbox: mailbox.id }),
      ...(networkClient !== undefined ? { networkClient } : {}),
    });
    return { ...base, credential: { accessToken } };
  }
  return { ...base, credential: { password: mailbox.password ?? '' } };
}
