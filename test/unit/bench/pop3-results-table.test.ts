import { describe, expect, it } from 'vitest';
import { fetchEntry, type Pop3BenchEntry } from '../../../bench/pop3/bench-entry.js';
import { formatPop3Results } from '../../../bench/pop3/results-table.js';

const MB = 1e6;

describe('formatPop3Results with links', () => {
  it('names the link and compares popdesk with mpop over the same link only', () => {
    const entries: Pop3BenchEntry[] = [
      { ...fetchEntry('mixed-300-rtt50', 'popdesk', 300, 67 * MB, [2], 2), link: 'proxy' },
      { ...fetchEntry('mixed-300-rtt50', 'mpop', 300, 67 * MB, [4], 4), link: 'proxy' },
      { ...fetchEntry('mixed-300-rtt50', 'popdesk', 300, 67 * MB, [3], 3), link: 'netns' },
      { ...fetchEntry('mixed-300-rtt50', 'mpop', 300, 67 * MB, [1], 1), link: 'netns' },
    ];
    const rows = formatPop3Results(entries).split('\n').slice(2);
    expect(rows[0]).toMatch(/^mixed-300-rtt50 +popdesk +proxy .* 2\.00x +>= 1\.00x: met/);
    expect(rows[2]).toMatch(/^mixed-300-rtt50 +popdesk +netns .* 0\.33x +>= 1\.00x: MISSED/);
  });

  it('shows a skipped link with its reason', () => {
    const table = formatPop3Results([
      { scenario: 'small-500-rtt50', tool: 'popdesk', link: 'netns', skipped: 'the netns link needs root' },
    ]);
    expect(table).toMatch(/small-500-rtt50 +popdesk +netns .*skipped: the netns link needs root/);
  });
});
