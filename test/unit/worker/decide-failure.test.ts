import { describe, expect, test } from 'vitest';
import { HelpdeskError } from '../../../src/helpdesk/helpdesk-error.js';
import { decideFailure, type FailureContext, PARENT_WAIT_MS } from '../../../src/worker/decide-failure.js';
import { ThreadParentPendingError } from '../../../src/worker/thread-parent-pending-error.js';

const base: Omit<FailureContext, 'error'> = {
  attemptsMade: 0,
  maxAttempts: 5,
  waits: 0,
  maxWaits: 50,
  maxRetryAfterMs: 3_600_000,
};

function http(status: number, extra: { retryAfterMs?: number; body?: string } = {}): HelpdeskError {
  return new HelpdeskError(`the webhook answered ${status}`, {
    status,
    retryable: status === 408 || status === 409 || status === 429 || status >= 500,
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
    ...(extra.body !== undefined ? { responseBody: extra.body } : {}),
  });
}

describe('decideFailure', () => {
  test.each([400, 404, 410, 413, 422])('%i is a dead letter at once, with the body', (status) => {
    const decision = decideFailure({ ...base, error: http(status, { body: '{"error":"nope"}' }) });
    expect(decision).toEqual({
      action: 'dead-letter',
      reason: 'helpdesk-rejected',
      detail: `the webhook answered ${status}: {"error":"nope"}`,
    });
  });

  test.each([401, 403])(
    '%i pauses delivery instead of condemning the mail, even on the last attempt',
    (status) => {
      const error = http(status, { body: '{"error":"invalid token"}' });
      expect(decideFailure({ ...base, error })).toEqual({ action: 'pause-delivery', error });
      expect(decideFailure({ ...base, attemptsMade: 4, error })).toEqual({ action: 'pause-delivery', error });
    },
  );

  test.each([408, 409, 500, 502, 503, 504])('%i is retried while attempts remain', (status) => {
    expect(decideFailure({ ...base, error: http(status) })).toEqual({ action: 'retry' });
  });

  test('a network error is retried', () => {
    const error = new HelpdeskError('the webhook could not be reached: ECONNREFUSED', { retryable: true });
    expect(decideFailure({ ...base, error })).toEqual({ action: 'retry' });
  });

  test('429 with Retry-After waits as told, without spending an attempt', () => {
    expect(decideFailure({ ...base, attemptsMade: 4, error: http(429, { retryAfterMs: 30_000 }) })).toEqual({
      action: 'wait',
      delayMs: 30_000,
    });
  });

  test('503 with Retry-After 0 still waits a second, not a busy loop', () => {
    expect(decideFailure({ ...base, error: http(503, { retryAfterMs: 0 }) })).toEqual({
      action: 'wait',
      delayMs: 1000,
    });
  });

  test('a Retry-After beyond the limit counts as an ordinary retry', () => {
    expect(decideFailure({ ...base, error: http(429, { retryAfterMs: 7_200_000 }) })).toEqual({
      action: 'retry',
    });
  });

  test('a helpdesk that always says later runs out of waits, then of attempts', () => {
    const error = http(429, { retryAfterMs: 1000 });
    expect(decideFailure({ ...base, waits: 50, error })).toEqual({ action: 'retry' });
    expect(decideFailure({ ...base, waits: 50, attemptsMade: 4, error }).action).toBe('dead-letter');
  });

  test('the last attempt of a retryable failure is a dead letter naming the last error', () => {
    const decision = decideFailure({ ...base, attemptsMade: 4, error: http(500, { body: 'boom' }) });
    expect(decision).toEqual({
      action: 'dead-letter',
      reason: 'retries-exhausted',
      detail: 'gave up after 5 attempts; last error: the webhook answered 500: boom',
    });
  });

  test('a reply whose parent is still queued waits briefly, whatever its attempts', () => {
    const error = new ThreadParentPendingError('waiting');
    expect(decideFailure({ ...base, attemptsMade: 4, error })).toEqual({
      action: 'wait',
      delayMs: PARENT_WAIT_MS,
    });
  });

  test('an unexpected error (a bug, Redis trouble) is retried, then dead-lettered', () => {
    expect(decideFailure({ ...base, error: new TypeError('x is undefined') })).toEqual({ action: 'retry' });
    expect(decideFailure({ ...base, attemptsMade: 4, error: new TypeError('x is undefined') }).action).toBe(
      'dead-letter',
    );
  });
});
