import { OAuthError } from './oauth-error.js';

/**
 * Getting a token failed for a reason that may pass: a network error, a 5xx or throttling answer
 * from Microsoft, an unreadable token store. Retry on the next poll; `cause` has the details.
 */
export class OAuthTemporaryError extends OAuthError {
  override name = 'OAuthTemporaryError';
}
