import { describe, expect, it } from 'vitest';
import { parseChaosOptions } from '../../../bench/chaos/chaos-options.js';

describe('parseChaosOptions', () => {
  it('reads the flags and draws a seed only when none is given', () => {
    expect(
      parseChaosOptions(['--mails', '200', '--seed', '9', '--kills', '30', '--duration', '120'], () => 1),
    ).toEqual({
      mails: 200,
      seed: 9,
      kills: 30,
      freezes: 2,
      crashLoops: 1,
      durationSeconds: 120,
    });
    expect(parseChaosOptions([], () => 5)).toEqual({
      mails: 1000,
      seed: 5,
      kills: 24,
      freezes: 2,
      crashLoops: 1,
      durationSeconds: 600,
    });
  });

  it('refuses unknown flags and values that are not whole numbers, naming the flag', () => {
    expect(() => parseChaosOptions(['--mail', '3'], () => 1)).toThrow(/unknown argument "--mail"/);
    expect(() => parseChaosOptions(['--mails', '0'], () => 1)).toThrow(/--mails takes/);
    expect(() => parseChaosOptions(['--duration', '1.5'], () => 1)).toThrow(/--duration takes/);
  });
});
