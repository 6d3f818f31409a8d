import { OAuthError } from './oauth-error.js';

/** Reading or writing the persisted MSAL token cache failed (file system or Redis). */
export class TokenCacheStoreError extends OAuthError {
  override name = 'TokenCacheStoreError';
}
