import { connectRedis, GIVE_UP_ON_REDIS } from '../../app/connect-redis.js';
import { tokenCacheStore } from '../../app/mailbox-connection.js';
import { FileTokenCacheStore, type TokenCacheStore } from '../../auth/index.js';
import { runDeviceCodeLogin } from '../../auth/msal.js';
import { loadConfig, type MailboxConfig, type PopdeskConfig } from '../../config/index.js';

/**
 * `popdesk auth outlook --mailbox ID`: the one interactive step of an Outlook.com mailbox. It
 * prints Microsoft's device-code instructions, waits for the sign-in and stores the token
 * cache where the poller reads it; from then on tokens are renewed silently.
 */
export async function authOutlookCommand(
  options: { config?: string; mailbox: string },
  print: (line: string) => void,
): Promise<number> {
  const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
  const mailbox = config.mailboxes.find((candidate) => candidate.id === options.mailbox);
  if (mailbox === undefined) {
    print(
      `no mailbox "${options.mailbox}" in the config (known: ${config.mailboxes.map((m) => m.id).join(', ')})`,
    );
    return 2;
  }
  if (mailbox.auth.type === 'oauth2-outlook-app') {
    print(
      `mailbox "${mailbox.id}" uses auth.type oauth2-outlook-app: popdesk signs in as app ${mailbox.auth.clientId} by itself; no device-code sign-in is needed`,
    );
    return 0;
  }
  if (mailbox.auth.type !== 'oauth2-outlook') {
    print(`mailbox "${mailbox.id}" does not use auth.type oauth2-outlook; nothing to sign in to`);
    return 2;
  }
  const tokens = await openTokenStore(mailbox, config);
  try {
    const { username } = await runDeviceCodeLogin({
      clientId: mailbox.auth.clientId,
      tenant: mailbox.auth.tenant,
      // Not pinned to mailbox.username: for a shared mailbox the person signing in is someone else.
      store: tokens.store,
      prompt: print,
    });
    print(`signed in as ${username}; popdesk will now renew the token for mailbox "${mailbox.id}" by itself`);
    return 0;
  } finally {
    tokens.close();
  }
}

/**
 * Where the signed-in token cache goes. A Redis cache is connected before the sign-in, so an
 * unreachable Redis fails the command now (exit 2), not after the user signed in.
 */
async function openTokenStore(
  mailbox: MailboxConfig,
  config: PopdeskConfig,
): Promise<{ store: TokenCacheStore; close: () => void }> {
  const cache = mailbox.auth.type === 'oauth2-outlook' ? mailbox.auth.tokenCache : undefined;
  if (cache?.type === 'file') return { store: new FileTokenCacheStore(cache.path), close: () => undefined };
  const redis = await connectRedis({ target: config.redis.target, patience: GIVE_UP_ON_REDIS });
  return { store: tokenCacheStore(mailbox, redis, config.redis.prefix), close: () => redis.disconnect() };
}
