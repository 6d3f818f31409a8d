import { describe, expect, test } from 'vitest';
import { consecutiveFailures, type PollResult } from '../../../src/queue/consecutive-failures.js';

describe('consecutiveFailures', () => {
  test('a failure adds one to the run; a poll that went through ends it', () => {
    const results: PollResult[] = ['failed', 'failed', 'failed', 'ok', 'failed'];
    const runs: number[] = [];
    let previous = 0;
    for (const result of results) {
      previous = consecutiveFailures(previous, result);
      runs.push(previous);
    }
    expect(runs).toEqual([1, 2, 3, 0, 1]);
  });

  test.each([
    ['nothing recorded', Number.NaN],
    ['a negative count', -4],
    ['a fraction', 1.5],
  ])('a stored value that is not a count (%s) starts a new run', (_, previous) => {
    expect(consecutiveFailures(previous, 'failed')).toBe(1);
  });
});
