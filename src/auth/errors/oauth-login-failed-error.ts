import { OAuthError } from './oauth-error.js';

/**
 * The device-code sign-in did not complete: the person declined, the code expired, or they signed
 * in with another account than the one expected. Nothing was saved; run the login again.
 */
export class OAuthLoginFailedError extends OAuthError {
  override name = 'OAuthLoginFailedError';
}
