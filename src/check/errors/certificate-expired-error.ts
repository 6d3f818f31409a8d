/**
 * The server's certificate has expired, found by `popdesk check` where verification is off
 * (`verifyCertificate: false`) and the handshake therefore passed. `code` is the one Node's TLS
 * layer uses for the same finding, so the connection hints treat both alike.
 */
export class CertificateExpiredError extends Error {
  override name = 'CertificateExpiredError';
  readonly code = 'CERT_HAS_EXPIRED';

  constructor(validTo: string, options?: { cause?: unknown }) {
    super(`the server's certificate expired on ${validTo}`, options);
  }
}
