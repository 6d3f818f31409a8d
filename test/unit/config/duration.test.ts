import { describe, expect, test } from 'vitest';
import { parseDuration } from '../../../src/config/index.js';

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1.5s', 1500],
    ['0s', 0],
    [' 60s ', 60_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['60', '', 's', '5 min', '1w', '-5s', '5S', '1h30m', 'ms'])(
    '%j is refused with the format shown',
    (text) => {
      expect(() => parseDuration(text)).toThrow(RangeError);
      expect(() => parseDuration(text)).toThrow(`"${text}" is not a duration: use a number with a unit`);
    },
  );
});
