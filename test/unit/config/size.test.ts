import { describe, expect, test } from 'vitest';
import { parseSize } from '../../../src/config/index.js';

describe('parseSize', () => {
  test.each([
    ['50MB', 50_000_000],
    ['10MiB', 10 * 1024 * 1024],
    ['500KB', 500_000],
    ['1GB', 1_000_000_000],
    ['1GiB', 1024 ** 3],
    ['64KiB', 65_536],
    ['1048576', 1_048_576],
    ['100B', 100],
    ['50mb', 50_000_000],
    ['1.5MB', 1_500_000],
    ['50 MB', 50_000_000],
  ])('%j is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  test.each(['', 'MB', '50XB', '-5MB', '1.5', '50 M', '5e6'])(
    '%j is refused with the format shown',
    (text) => {
      expect(() => parseSize(text)).toThrow(RangeError);
      expect(() => parseSize(text)).toThrow(
        `"${text}" is not a size: use a byte count or a number with a unit`,
      );
    },
  );
});
