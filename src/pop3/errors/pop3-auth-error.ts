import { Pop3Error } from './pop3-error.js';

/** Response codes (RFC 2449, RFC 3206) that mean "try again later", not "wrong credentials". */
const TEMPORARY_CODES = new Set(['IN-USE', 'LOGIN-DELAY', 'SYS/TEMP']);

/**
 * Login was refused. `temporary` tells a poller whether to retry on its next cycle as usual
 * (mailbox locked, server trouble) or to alert a person (credentials or grant rejected).
 */
export class Pop3AuthError extends Pop3Error {
  override name = 'Pop3AuthError';

  /** `USER/PASS`, `PLAIN` or `XOAUTH2`. */
  readonly mechanism: string;
  /** The extended response code from the server, when it sent one. */
  readonly code: string | undefined;
  /** True when the server said the failure is temporary. */
  readonly temporary: boolean;
  /** What the server said (and any hint added since), without the `login ... was refused` lead. */
  readonly detail: string;

  constructor(mechanism: string, detail: string, code: string | undefined, options?: { cause?: unknown }) {
    super(`login with ${mechanism} was refused: ${detail}`, options);
    this.mechanism = mechanism;
    this.code = code;
    this.temporary = code !== undefined && TEMPORARY_CODES.has(code);
    this.detail = detail;
  }

  /**
   * The same refusal with what the caller knows about its likely cause appended, e.g. which
   * permission an app-only login needs. The original error becomes the `cause`.
   */
  withHint(hint: string): Pop3AuthError {
    return new Pop3AuthError(this.mechanism, `${this.detail}; ${hint}`, this.code, { cause: this });
  }
}
