import { X509Certificate } from 'node:crypto';
import type { OutlookAppAuthConfig } from '../config/index.js';
import type { SignInStatus } from './popdesk-status.js';

/**
 * The sign-in state of an app-only mailbox, from its config alone: which credential it uses and,
 * for a certificate, when it expires (after that Microsoft refuses every token request). Pure.
 */
export function appSignInState(auth: OutlookAppAuthConfig): SignInStatus {
  if (auth.certificate === undefined) {
    return { type: 'oauth2-outlook-app', credential: 'secret', certificateExpiresAt: null };
  }
  let certificateExpiresAt: string | null = null;
  try {
    certificateExpiresAt = new Date(new X509Certificate(auth.certificate).validTo).toISOString();
  } catch {
    // The config already refused a certificate that is not PEM; an odd date shows as unknown.
  }
  return { type: 'oauth2-outlook-app', credential: 'certificate', certificateExpiresAt };
}
