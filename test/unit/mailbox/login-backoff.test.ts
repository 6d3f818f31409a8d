import { expect, test } from 'vitest';
import { loginBackoffMs, MAX_LOGIN_BACKOFF_MS } from '../../../src/mailbox/login-backoff.js';

test('waits one poll interval after the first refusal, doubling after each further one, up to an hour', () => {
  const minute = 60_000;
  expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => loginBackoffMs(failures, minute) / minute)).toEqual([
    1, 2, 4, 8, 16, 32, 60, 60,
  ]);
  expect(loginBackoffMs(10_000, minute)).toBe(MAX_LOGIN_BACKOFF_MS);
});

test('no failure, no wait; a poll interval longer than the cap is kept', () => {
  expect(loginBackoffMs(0, 60_000)).toBe(0);
  expect(loginBackoffMs(3, 2 * MAX_LOGIN_BACKOFF_MS)).toBe(2 * MAX_LOGIN_BACKOFF_MS);
});
