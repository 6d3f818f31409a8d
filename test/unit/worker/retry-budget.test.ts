import { expect, test } from 'vitest';
import { parseConfigObject } from '../../../src/config/index.js';
import { backoffDelay } from '../../../src/worker/backoff-delay.js';
import { BASE_CONFIG } from '../config/config-fixtures.js';

const HOUR_MS = 60 * 60 * 1000;

/** Time from the first failed attempt to the last one: the delays between `attempts` tries. */
function budgetMs(random: () => number): number {
  const { worker } = parseConfigObject(structuredClone(BASE_CONFIG));
  const backoff = { initialMs: worker.backoff.initial, maxMs: worker.backoff.max };
  let total = 0;
  // BullMQ asks for a delay after each failed attempt but the last one.
  for (let attemptsMade = 1; attemptsMade < worker.attempts; attemptsMade += 1)
    total += backoffDelay(attemptsMade, backoff, random);
  return total;
}

test('the default retry budget outlasts a helpdesk that is down for a day, even with the shortest jitter', () => {
  const best = budgetMs(() => 0);
  const worst = budgetMs(() => 1);
  expect(best).toBeGreaterThanOrEqual(24 * HOUR_MS);
  // Jitter only halves a delay, so the longest schedule is twice the shortest.
  expect(worst).toBe(best * 2);
  expect(worst).toBeLessThan(72 * HOUR_MS);
});
