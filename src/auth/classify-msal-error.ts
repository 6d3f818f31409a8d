import {
  AuthError,
  ClientAuthError,
  ClientConfigurationError,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';

/**
 * What a failed MSAL call means for a mailbox:
 * - `login-required`: the grant is dead or absent; only a new device-code login helps.
 * - `configuration`: Microsoft rejects the app or the request; fix the client id, tenant or app.
 * - `temporary`: network, outage or throttling; retry later.
 */
export type MsalFailureKind = 'login-required' | 'configuration' | 'temporary';

/**
 * OAuth error codes from Microsoft's token and device-code endpoints (RFC 6749 section 5.2,
 * RFC 8628 section 3.5). `invalid_grant` covers an expired (AADSTS70008, 700082), revoked
 * (AADSTS50173) or otherwise unusable refresh token.
 */
const SERVER_CODES: Readonly<Record<string, MsalFailureKind>> = {
  invalid_grant: 'login-required',
  interaction_required: 'login-required',
  login_required: 'login-required',
  consent_required: 'login-required',
  access_denied: 'login-required',
  authorization_declined: 'login-required',
  expired_token: 'login-required',
  bad_verification_code: 'login-required',
  invalid_client: 'configuration',
  unauthorized_client: 'configuration',
  invalid_scope: 'configuration',
  invalid_request: 'configuration',
  invalid_resource: 'configuration',
  unsupported_grant_type: 'configuration',
  temporarily_unavailable: 'temporary',
  server_error: 'temporary',
};

/** MSAL's own codes for a sign-in that is missing or did not complete. */
const LOGIN_REQUIRED_CLIENT_CODES = new Set([
  'no_account_in_silent_request',
  'no_account_found',
  'device_code_expired',
  'device_code_polling_cancelled',
  'user_timeout_reached',
]);

/** MSAL's wrapper for a device-code poll answer other than `authorization_pending`. */
const POST_REQUEST_FAILED = 'post_request_failed';

/**
 * Classifies an error thrown by msal-node by its class and OAuth error code, never by its prose.
 * Anything unrecognised (including non-MSAL errors) is `temporary`: a retry is harmless, and the
 * poller alerts a person when failures persist.
 */
export function classifyMsalError(error: unknown): MsalFailureKind {
  if (error instanceof InteractionRequiredAuthError) return 'login-required';
  if (error instanceof ClientConfigurationError) return 'configuration';
  if (error instanceof ServerError) return SERVER_CODES[error.errorCode] ?? 'temporary';
  if (error instanceof ClientAuthError) {
    return LOGIN_REQUIRED_CLIENT_CODES.has(error.errorCode) ? 'login-required' : 'temporary';
  }
  if (error instanceof AuthError && error.errorCode === POST_REQUEST_FAILED) {
    // The device-code client puts the server's bare error code in errorMessage.
    return SERVER_CODES[error.errorMessage] ?? 'temporary';
  }
  return 'temporary';
}
