import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';

/** MSAL's wrapper for a device-code poll answer other than `authorization_pending`. */
const POST_REQUEST_FAILED = 'post_request_failed';

/** The identifiers of an MSAL error that are safe to log and quote: codes and ids, no prose. */
export interface MsalErrorFields {
  readonly errorName: string;
  readonly errorCode?: string;
  readonly subError?: string;
  /** The server's OAuth error code when MSAL wrapped it (a failed device-code poll). */
  readonly serverError?: string;
  /** Microsoft's AADSTS number, e.g. `700082`. */
  readonly aadsts?: string;
  /** Quote it to Microsoft support to find the failed request. */
  readonly correlationId?: string;
}

/** Log fields for any error thrown by msal-node (or by the cache plugin inside it). */
export function msalErrorFields(error: unknown): MsalErrorFields {
  if (!(error instanceof AuthError)) {
    return { errorName: error instanceof Error ? error.name : typeof error };
  }
  const aadsts =
    error instanceof ServerError || error instanceof InteractionRequiredAuthError ? error.errorNo : undefined;
  return {
    errorName: error.name,
    errorCode: error.errorCode || undefined,
    subError: error.subError || undefined,
    // Here errorMessage is not prose but the bare code the token endpoint sent.
    serverError: error.errorCode === POST_REQUEST_FAILED ? error.errorMessage : undefined,
    aadsts: aadsts === undefined ? undefined : String(aadsts),
    correlationId: error.correlationId || undefined,
  };
}

/** A short tag for messages, e.g. `invalid_grant, AADSTS700082`. */
export function msalErrorTag(fields: MsalErrorFields): string {
  const parts = [fields.serverError ?? fields.errorCode ?? fields.errorName];
  if (fields.aadsts !== undefined) parts.push(`AADSTS${fields.aadsts}`);
  return parts.join(', ');
}
