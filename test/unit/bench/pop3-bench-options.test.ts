import { describe, expect, it } from 'vitest';
import { parsePop3BenchOptions } from '../../../bench/pop3/bench-options.js';

describe('parsePop3BenchOptions --link', () => {
  it('runs the round-trip scenarios over the proxy unless told otherwise', () => {
    expect(parsePop3BenchOptions([]).links).toEqual(['proxy']);
    expect(parsePop3BenchOptions(['--link', 'netns']).links).toEqual(['netns']);
    expect(parsePop3BenchOptions(['--link', 'both']).links).toEqual(['proxy', 'netns']);
  });

  it('refuses any other link, with the usage', () => {
    expect(() => parsePop3BenchOptions(['--link', 'tc'])).toThrow(
      /--link must be proxy, netns or both.*\n.*usage/s,
    );
    expect(() => parsePop3BenchOptions(['--link', 'constructor'])).toThrow(/--link must be/);
  });

  it('knows the 300-mixed scenario at 50 ms', () => {
    expect(parsePop3BenchOptions(['--scenario', 'mixed-300-rtt50']).scenarios).toEqual(['mixed-300-rtt50']);
  });
});
