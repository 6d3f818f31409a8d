import { OAuthError } from './oauth-error.js';

/**
 * Microsoft rejected the application or the request itself (`invalid_client`,
 * `unauthorized_client`, `invalid_scope`, a bad authority): neither retrying nor signing in again
 * helps until the client id, the tenant or the app registration is fixed.
 */
export class OAuthConfigurationError extends OAuthError {
  override name = 'OAuthConfigurationError';
}
