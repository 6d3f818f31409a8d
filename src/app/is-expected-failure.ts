import { OAuthError } from '../auth/index.js';
import { HelpdeskError } from '../helpdesk/helpdesk-error.js';
import { PollFailedError } from '../mailbox/errors/poll-failed-error.js';
import { SessionDeadlineError } from '../mailbox/errors/session-deadline-error.js';
import { Pop3Error } from '../pop3/index.js';
import { RedisConnectionError } from './errors/redis-connection-error.js';

/**
 * True when `error` is part of operating popdesk, not a bug in it: a POP3 server that refuses
 * the login, cannot be reached or breaks the protocol, a sign-in that needs a person, a helpdesk
 * that fails, a Redis that is down, or a socket error from the operating system (`ECONNREFUSED`,
 * `ETIMEDOUT`: Node's system errors carry `code` and `syscall`). These are logged with their
 * message; anything else keeps its stack. A `PollFailedError` is judged by its cause.
 */
export function isExpectedFailure(error: unknown): boolean {
  const failure = error instanceof PollFailedError ? error.cause : error;
  return (
    failure instanceof Pop3Error ||
    failure instanceof OAuthError ||
    failure instanceof HelpdeskError ||
    failure instanceof RedisConnectionError ||
    failure instanceof SessionDeadlineError ||
    isSystemError(failure)
  );
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof Reflect.get(error, 'code') === 'string' && 'syscall' in error;
}
