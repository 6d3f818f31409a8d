import { Pop3AuthError, Pop3TimeoutError, type Pop3TlsMode } from '../pop3/index.js';
import { PollFailedError } from './errors/poll-failed-error.js';

/** What a hint may use besides the error: how the mailbox is configured to connect. */
export interface ConnectionHintContext {
  readonly tls: Pop3TlsMode;
  readonly port: number;
  /**
   * True when a TLS handshake to the port succeeded after a plain session got no greeting (only
   * `popdesk check` tries one); undefined when nobody tried.
   */
  readonly serverSpeaksTls?: boolean;
}

/** Certificate errors Node's TLS layer raises for a certificate no trusted CA signed. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);

/** OpenSSL's answer to a first reply that is no TLS record: a plain-text greeting. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/**
 * What an operator should change when a POP3 session could not be opened, or undefined when
 * there is nothing better to say than the error itself. Classifies by class and by the `code`
 * of the error or any of its causes (Node's socket, DNS and TLS codes), never by message text.
 * Pure: `popdesk check` and the poller's "poll failed" log line both use it; a
 * {@link PollFailedError} is judged by its cause.
 */
export function connectionHint(failure: unknown, context: ConnectionHintContext): string | undefined {
  const error = failure instanceof PollFailedError ? failure.cause : failure;
  if (error instanceof Pop3AuthError) {
    return error.temporary
      ? 'the server says the refusal is temporary (mailbox in use, login too soon): it should pass on a later poll'
      : 'check the mailbox username and password (or passwordFile); for OAuth2, that the account may use POP';
  }
  const code = errorCode(error);
  if (code !== undefined) {
    if (UNTRUSTED_CERTIFICATE.has(code)) {
      return 'the certificate is self-signed or from a private CA: set ca: (or caFile:) or NODE_EXTRA_CA_CERTS';
    }
    if (code === 'CERT_HAS_EXPIRED') return "the server's certificate has expired: renew it on the server";
    if (code === 'CERT_NOT_YET_VALID') return "the server's certificate is not valid yet: check the clocks";
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return 'the certificate does not name this host: set host: to a name the certificate holds';
    }
    if (NOT_TLS.has(code)) {
      return context.tls === 'implicit'
        ? 'the server does not speak TLS on this port: use tls: starttls (port 110) or the TLS port (995)'
        : 'the TLS handshake failed: the server may not offer STLS properly; check tls: and port:';
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return 'the host name does not resolve: check host: and this machine’s DNS';
    }
    if (code === 'ECONNREFUSED') return 'nothing listens on that port: check host: and port:';
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      return 'the host cannot be reached: check host:, port: and any firewall in between';
    }
  }
  if (error instanceof Pop3TimeoutError && context.tls === 'none') {
    if (context.serverSpeaksTls === true) return 'the server speaks TLS: use tls: implicit';
    if (context.serverSpeaksTls === undefined && context.port === 995) {
      return 'port 995 usually speaks TLS from the first byte: use tls: implicit';
    }
  }
  return undefined;
}

/** The first `code` string on the error or along its `cause` chain. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    const code: unknown = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}
