import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Pop3TimeoutError } from '../../../src/pop3/errors/pop3-timeout-error.js';
import { ReplyTimers } from '../../../src/pop3/reply-timers.js';

const options = { timeoutMs: 1000, commandTimeoutMs: 3000, minBytesPerSecond: 100, now: () => Date.now() };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function timers(): { timers: ReplyTimers; expired: Pop3TimeoutError[] } {
  const expired: Pop3TimeoutError[] = [];
  return { timers: new ReplyTimers(options, (error) => expired.push(error)), expired };
}

describe('ReplyTimers', () => {
  test('silence past timeoutMs expires the reply once', () => {
    const { timers: t, expired } = timers();
    t.start('STAT', 0);
    vi.advanceTimersByTime(1001);
    expect(expired).toHaveLength(1);
    expect(expired[0]?.message).toMatch(/no reply to STAT within 1000 ms/);
    vi.advanceTimersByTime(10_000);
    expect(expired).toHaveLength(1);
  });

  test('a trickle keeps the idle timer alive but not the deadline', () => {
    const { timers: t, expired } = timers();
    t.start('RETR', 1_000_000);
    for (let i = 0; i < 40 && expired.length === 0; i += 1) {
      vi.advanceTimersByTime(500);
      t.received(1);
    }
    expect(expired[0]?.message).toMatch(/no complete reply to RETR within 3\d{3} ms/);
  });

  test('nothing expires while nothing is due', () => {
    const { timers: t, expired } = timers();
    t.start('NOOP', 0);
    t.stop();
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual([]);
  });

  test('a reply that becomes due while our consumer holds the socket paused is timed from resume()', () => {
    const { timers: t, expired } = timers();
    t.start('RETR', 1_000_000);
    t.pause();
    t.start('DELE', 1_000_000);
    vi.advanceTimersByTime(31_000);
    expect(expired).toEqual([]);
    t.resume();
    // Bytes keep the idle timer quiet; the deadline (3000 ms from resume) is what is checked.
    for (let i = 0; i < 5; i += 1) {
      vi.advanceTimersByTime(500);
      t.received(1);
    }
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(expired[0]?.message).toMatch(/no complete reply to DELE/);
  });
});
