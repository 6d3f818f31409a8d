import { OAuthError } from './oauth-error.js';

/**
 * The token store holds something that is not an MSAL cache. Has no `cause`: the parser's own
 * message quotes the input, and the input is token material.
 */
export class TokenCacheCorruptError extends OAuthError {
  override name = 'TokenCacheCorruptError';
}
