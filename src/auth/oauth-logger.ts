/**
 * The slice of a pino logger `src/auth` uses; pass `logger.child({ component: 'auth' })`.
 * Nothing logged through it contains a token, a refresh token or cache contents.
 */
export interface OAuthLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
