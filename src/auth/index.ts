/*
 * The light door of `auth/`: errors, token cache stores, hints and types, which load no MSAL. A
 * password mailbox's poller comes in here only; what talks to Microsoft is behind `auth/msal.ts`,
 * imported when a mailbox signs in with OAuth2.
 */

export { appMailboxAccessHint } from './app-mailbox-access-hint.js';
export type { AccessTokenProvider } from './create-outlook-token-provider.js';
export { OAuthConfigurationError } from './errors/oauth-configuration-error.js';
export { OAuthError } from './errors/oauth-error.js';
export { OAuthLoginFailedError } from './errors/oauth-login-failed-error.js';
export { type LoginRequiredReason, OAuthLoginRequiredError } from './errors/oauth-login-required-error.js';
export { OAuthTemporaryError } from './errors/oauth-temporary-error.js';
export { TokenCacheCorruptError } from './errors/token-cache-corrupt-error.js';
export { TokenCacheStoreError } from './errors/token-cache-store-error.js';
export { FileTokenCacheStore } from './file-token-cache-store.js';
export { loginCommand } from './login-command.js';
export { CONSUMERS_TENANT } from './microsoft-authority.js';
export { createMsalCachePlugin } from './msal-cache-plugin.js';
export type { OAuthLogger } from './oauth-logger.js';
export type { OutlookAppCredential } from './outlook-app-credential.js';
export { OUTLOOK_POP_SCOPES } from './outlook-scopes.js';
export { RedisTokenCacheStore, type TokenCacheRedis } from './redis-token-cache-store.js';
export type { TokenCacheStore } from './token-cache-store.js';
