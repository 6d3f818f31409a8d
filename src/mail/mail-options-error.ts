/**
 * `parseMail` was called with options that make no sense (a negative or fractional length limit).
 * A programming or configuration error, raised at once instead of being replaced by a default;
 * bad mail never raises it.
 */
export class MailOptionsError extends Error {
  override name = 'MailOptionsError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
