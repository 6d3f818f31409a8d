import { expect, test } from 'vitest';
import { backoffDelay } from '../../../src/worker/backoff-delay.js';

const settings = { initialMs: 1000, maxMs: 60_000 };

test('doubles per attempt between half and all of the ceiling', () => {
  expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, settings, () => 0))).toEqual([
    500, 1000, 2000, 4000,
  ]);
  expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, settings, () => 1))).toEqual([
    1000, 2000, 4000, 8000,
  ]);
});

test('never exceeds the maximum, even after many attempts', () => {
  expect(backoffDelay(7, settings, () => 1)).toBe(60_000);
  expect(backoffDelay(500, settings, () => 1)).toBe(60_000);
  expect(backoffDelay(500, settings, () => 0)).toBe(30_000);
});
