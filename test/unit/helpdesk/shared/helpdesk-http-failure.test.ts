import { expect, test } from 'vitest';
import { isRetryableStatus, parseRetryAfter } from '../../../../src/helpdesk/shared/helpdesk-http-failure.js';

const now = Date.parse('2026-11-26T10:00:00Z');

test('seconds and HTTP dates', () => {
  expect(parseRetryAfter('120', now)).toBe(120_000);
  expect(parseRetryAfter(' 0 ', now)).toBe(0);
  expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
  expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
});

test('absent or unreadable is undefined', () => {
  expect(parseRetryAfter(undefined, now)).toBeUndefined();
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter('-5', now)).toBeUndefined();
});

test('retryable statuses', () => {
  expect([408, 409, 429, 500, 503].every(isRetryableStatus)).toBe(true);
  expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
});
