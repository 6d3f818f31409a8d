import { describe, expect, test } from 'vitest';
import { RedisUnreachableError } from '../../../src/app/errors/redis-unreachable-error.js';
import { isExpectedFailure } from '../../../src/app/is-expected-failure.js';
import { OAuthLoginRequiredError } from '../../../src/auth/index.js';
import { HelpdeskError } from '../../../src/helpdesk/helpdesk-error.js';
import { PollFailedError } from '../../../src/mailbox/errors/poll-failed-error.js';
import { emptyPollReport } from '../../../src/mailbox/poll-report.js';
import { Pop3AuthError, Pop3ConnectionError } from '../../../src/pop3/index.js';

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:995`), { code, syscall: 'connect' });
}

describe('isExpectedFailure', () => {
  test('operating trouble: refused logins, unreachable servers, helpdesk and Redis failures', () => {
    expect(isExpectedFailure(new Pop3AuthError('USER/PASS', 'wrong password', undefined))).toBe(true);
    expect(isExpectedFailure(new Pop3ConnectionError('connection refused'))).toBe(true);
    expect(
      isExpectedFailure(new HelpdeskError('503 from the helpdesk', { status: 503, retryable: true })),
    ).toBe(true);
    expect(
      isExpectedFailure(new RedisUnreachableError('redis://127.0.0.1:6379', 1000, new Error('down'))),
    ).toBe(true);
    expect(isExpectedFailure(systemError('ECONNREFUSED'))).toBe(true);
  });

  test('a failed poll is judged by its cause', () => {
    const refused = new PollFailedError('support', emptyPollReport(), {
      cause: new Pop3AuthError('USER/PASS', 'wrong password', undefined),
    });
    const bug = new PollFailedError('support', emptyPollReport(), { cause: new TypeError('x is undefined') });
    expect(isExpectedFailure(refused)).toBe(true);
    expect(isExpectedFailure(bug)).toBe(false);
  });

  test('bugs keep their stack: a TypeError, a plain Error, a thrown string', () => {
    expect(isExpectedFailure(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isExpectedFailure(new Error('something else'))).toBe(false);
    expect(isExpectedFailure('a string')).toBe(false);
  });

  test('a sign-in that needs a person is expected', () => {
    const error = Object.create(OAuthLoginRequiredError.prototype) as Error;
    expect(isExpectedFailure(error)).toBe(true);
  });
});
