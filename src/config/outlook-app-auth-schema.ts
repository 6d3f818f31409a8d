import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { isMapping } from './config-tree.js';
import { DOMAIN, GUID } from './entra-id-patterns.js';
import { always } from './scalar-schemas.js';

/**
 * XOAUTH2 with an app-only token (OAuth 2 client credentials grant) for a Microsoft 365 mailbox:
 * no person signs in. The app needs `POP.AccessAsApp` with admin consent, an Exchange service
 * principal and FullAccess to the mailbox. Authenticates with a client secret or a certificate.
 */
export const outlookAppAuthSchema = z
  .strictObject({
    type: z.literal('oauth2-outlook-app'),
    /**
     * The Microsoft 365 tenant: its id (GUID) or a verified domain such as
     * `contoso.onmicrosoft.com`. Required; `organizations` and `common` do not work without a person.
     */
    tenant: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'required: the tenant id (GUID) or a domain such as contoso.onmicrosoft.com'
            : undefined,
      })
      .refine((tenant) => GUID.test(tenant) || DOMAIN.test(tenant), {
        error: 'must be the tenant id (GUID) or a domain such as contoso.onmicrosoft.com',
      }),
    /** The "Application (client) ID" of the Entra ID app registration, a GUID. Required. */
    clientId: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'required: the Application (client) ID of the Entra ID app registration'
            : undefined,
      })
      .regex(GUID, { error: 'must be a GUID such as 00000000-0000-0000-0000-000000000000' }),
    /** The client secret's value; normally read from `clientSecretFile`. */
    clientSecret: z.string().min(1).optional(),
    /** Path of a file holding the client secret's value, read at start-up into `clientSecret`. */
    clientSecretFile: z.string().min(1).optional(),
    /** The certificate (PEM) uploaded to the app registration; normally read from `certificateFile`. */
    certificate: z.string().min(1).optional(),
    /** Path of the PEM certificate uploaded to the app registration, read at start-up. */
    certificateFile: z.string().min(1).optional(),
    /** The certificate's private key (PEM); normally read from `privateKeyFile`. */
    privateKey: z.string().min(1).optional(),
    /** Path of the certificate's private key (PEM, unencrypted), read at start-up. */
    privateKeyFile: z.string().min(1).optional(),
  })
  .superRefine(requireOneCredential, { when: always });

/** An app-only Microsoft 365 login, validated: exactly one of a secret or a certificate pair. */
export type OutlookAppAuthConfig = z.output<typeof outlookAppAuthSchema>;

// Runs even when other keys failed, so it sees an unvalidated object and checks its shape itself.
function requireOneCredential(fields: unknown, ctx: z.RefinementCtx): void {
  if (!isMapping(fields)) return;
  const given = (key: string): boolean => fields[key] !== undefined || fields[`${key}File`] !== undefined;
  // Report at the `*File` key the operator wrote, not at the value read from it.
  const keyOf = (key: string): string => (fields[`${key}File`] !== undefined ? `${key}File` : key);
  const hasSecret = given('clientSecret');
  const hasCertificate = given('certificate');
  const hasKey = given('privateKey');
  const issue = (key: string, message: string): void =>
    ctx.addIssue({ code: 'custom', path: [key], message, params: { show: 'nothing' } });

  if (hasSecret && (hasCertificate || hasKey)) {
    issue(
      keyOf('clientSecret'),
      'set either clientSecretFile or certificateFile and privateKeyFile, not both',
    );
    return;
  }
  if (!hasSecret && !hasCertificate && !hasKey) {
    issue('clientSecretFile', 'required: set clientSecretFile, or certificateFile and privateKeyFile');
    return;
  }
  if (hasCertificate !== hasKey) {
    const missing = hasCertificate ? 'privateKeyFile' : 'certificateFile';
    issue(missing, `required with ${hasCertificate ? 'certificateFile' : 'privateKeyFile'}`);
    return;
  }
  if (typeof fields.certificate === 'string' && !isCertificate(fields.certificate)) {
    issue(keyOf('certificate'), 'is not a PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
  if (typeof fields.privateKey === 'string' && !isPrivateKey(fields.privateKey)) {
    issue(keyOf('privateKey'), 'is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)');
  }
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

function isPrivateKey(pem: string): boolean {
  try {
    createPrivateKey({ key: pem, format: 'pem' });
    return true;
  } catch {
    return false;
  }
}
