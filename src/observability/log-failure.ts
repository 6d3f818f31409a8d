import type { Logger } from 'pino';

/** How an expected failure appears in a log line: what went wrong, without a stack. */
export interface FailureSummary {
  readonly type: string;
  readonly message: string;
}

/**
 * `error`'s class name and message, the `error` field of a line about an expected failure. Not
 * `err`: pino's error serializer would give that a `stack` even as a plain object.
 */
export function summarizeFailure(error: unknown): FailureSummary {
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: typeof error, message: String(error) };
}

/**
 * Logs an expected operational failure (a refused login, a server that cannot be reached, a
 * helpdesk asking popdesk to wait): at `level` with `error` = {@link summarizeFailure}, and again
 * at debug with the whole error as `err`, stack and causes, for when a person needs to dig. Unexpected
 * errors, bugs, are logged with `err: error` at error level instead.
 */
export function logExpectedFailure(
  logger: Logger,
  level: 'info' | 'warn' | 'error',
  fields: Record<string, unknown>,
  error: unknown,
  message: string,
): void {
  logger[level]({ ...fields, error: summarizeFailure(error) }, message);
  if (logger.isLevelEnabled('debug')) logger.debug({ ...fields, err: error }, message);
}
