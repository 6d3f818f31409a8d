/**
 * Base class of every error `src/auth` raises. Callers classify with `instanceof` on the
 * subclasses; no message or property ever carries a token, a refresh token or cache contents.
 */
export class OAuthError extends Error {
  override name = 'OAuthError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
