/**
 * The slice of a pino logger the POP3 client uses. Pass `logger.child({ component: 'pop3' })`;
 * nothing the client logs contains a password, token or message content.
 */
export interface Pop3Logger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** A logger that drops everything, for callers that want no POP3 logs. */
export const silentPop3Logger: Pop3Logger = {
  debug: () => undefined,
  warn: () => undefined,
};
