/**
 * Base class of every error the POP3 client raises. Callers classify with `instanceof` on the
 * subclasses; messages are for people and never carry a password, token or SASL response.
 */
export class Pop3Error extends Error {
  override name = 'Pop3Error';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
