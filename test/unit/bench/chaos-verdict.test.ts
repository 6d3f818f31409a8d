import { describe, expect, it } from 'vitest';
import { judgeChaosRun } from '../../../bench/chaos/chaos-verdict.js';

describe('judgeChaosRun', () => {
  it('finds nothing wrong when each mail has exactly one ticket or dead letter', () => {
    expect(judgeChaosRun(['a@x', 'b@x', 'c@x'], ['a@x', '<B@X>'], ['c@x'])).toEqual({
      lost: [],
      duplicated: [],
      unmatched: [],
    });
  });

  it('counts a mail with no outcome as lost and one with two as duplicated', () => {
    const verdict = judgeChaosRun(['a@x', 'b@x', 'c@x'], ['a@x', 'a@x', 'c@x'], ['c@x', 'stray@x', '']);
    expect(verdict.lost).toEqual(['b@x']);
    expect(verdict.duplicated).toEqual([
      { messageId: 'a@x', tickets: 2, deadLetters: 0 },
      { messageId: 'c@x', tickets: 1, deadLetters: 1 },
    ]);
    expect(verdict.unmatched).toEqual(['dead letter stray@x', 'dead letter (no Message-ID)']);
  });
});
