import type { Logger } from 'pino';
import type { MailboxConfig } from '../config/index.js';
import { connectionHint } from '../mailbox/connection-hint.js';
import { logExpectedFailure } from '../observability/log-failure.js';
import { DurabilityTimeoutError } from '../queue/durability-timeout-error.js';
import { isExpectedFailure } from './is-expected-failure.js';

/**
 * Logs a poll that failed, the same for a scheduled poll and `poll-once`:
 * - Redis could not yet promise to keep the mail (`redis.minReplicas`): not a fault of the
 *   mailbox, the mail stays on the server; a warning.
 * - A refused login or an unreachable server: at error level with its message, the stack at
 *   debug, and the connection `hint` that says how to fix it, where one applies.
 * - Anything else, a bug: at error level with its stack.
 */
export function logPollFailure(logger: Logger, mailbox: MailboxConfig, error: unknown): void {
  if (error instanceof Error && error.cause instanceof DurabilityTimeoutError) {
    logger.warn({ mailbox: mailbox.id, reason: error.cause.message }, 'mail left on the server this poll');
    return;
  }
  const hint = connectionHint(error, { tls: mailbox.tls, port: mailbox.port });
  const fields = { mailbox: mailbox.id, ...(hint !== undefined ? { hint } : {}) };
  if (isExpectedFailure(error)) logExpectedFailure(logger, 'error', fields, error, 'poll failed');
  else logger.error({ ...fields, err: error }, 'poll failed');
}
