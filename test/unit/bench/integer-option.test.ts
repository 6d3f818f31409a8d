import { describe, expect, it } from 'vitest';
import { integerOption } from '../../../bench/integer-option.js';

describe('integerOption', () => {
  it('takes the integer after the flag', () => {
    expect(integerOption(['--runs', '5'], 'runs', 3)).toBe(5);
  });

  it('falls back when the flag is absent', () => {
    expect(integerOption([], 'runs', 3)).toBe(3);
  });

  it('refuses a value below the least or not an integer', () => {
    expect(() => integerOption(['--runs', '0'], 'runs', 3)).toThrow('--runs takes an integer >= 1');
    expect(() => integerOption(['--runs', 'x'], 'runs', 3)).toThrow(RangeError);
    expect(integerOption(['--huge-bytes', '0'], 'huge-bytes', 7, 0)).toBe(0);
  });
});
