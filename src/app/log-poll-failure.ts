import type { Logger } from 'pino';
import { logExpectedFailure } from '../observability/log-failure.js';
import { isExpectedFailure } from './is-expected-failure.js';

/**
 * Logs a poll that failed, at error level: a refused login or an unreachable server with its
 * message (the stack at debug), anything else, a bug, with its stack. `fields` go along (a
 * connection `hint`).
 */
export function logPollFailure(
  logger: Logger,
  mailboxId: string,
  error: unknown,
  fields: Readonly<Record<string, unknown>> = {},
): void {
  if (isExpectedFailure(error))
    logExpectedFailure(logger, 'error', { mailbox: mailboxId, ...fields }, error, 'poll failed');
  else logger.error({ mailbox: mailboxId, ...fields, err: error }, 'poll failed');
}
