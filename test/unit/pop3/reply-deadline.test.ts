import { describe, expect, test } from 'vitest';
import { ReplyDeadline } from '../../../src/pop3/reply-deadline.js';

const limits = { commandTimeoutMs: 1000, minBytesPerSecond: 100 };

describe('ReplyDeadline', () => {
  test('a status reply has commandTimeoutMs, however the time is split into gaps', () => {
    const deadline = new ReplyDeadline(limits);
    deadline.start(5000, 0);
    expect(deadline.remainingMs(5400)).toBe(600);
    expect(deadline.remainingMs(6000)).toBe(0);
  });

  test('each body byte buys 1/minBytesPerSecond seconds, so a trickle falls behind', () => {
    const deadline = new ReplyDeadline(limits);
    deadline.start(0, 1e9);
    deadline.received(50);
    expect(deadline.allowanceMs()).toBe(1500);
    // One byte every 3 s: 500 bytes would take 1500 s, allowance grows by 10 ms per byte.
    for (let second = 3; second <= 30; second += 3) deadline.received(1);
    expect(deadline.remainingMs(30_000)).toBeLessThan(0);
  });

  test('a fast large body keeps ahead of its deadline', () => {
    const deadline = new ReplyDeadline(limits);
    deadline.start(0, 1e9);
    deadline.received(10_000_000);
    expect(deadline.remainingMs(60_000)).toBeGreaterThan(0);
  });

  test('time paused by our own back-pressure does not count', () => {
    const deadline = new ReplyDeadline(limits);
    deadline.start(0, 1e9);
    deadline.pause(500);
    expect(deadline.paused).toBe(true);
    expect(deadline.remainingMs(10_000)).toBe(500);
    deadline.resume(10_000);
    expect(deadline.remainingMs(10_200)).toBe(300);
  });

  test('start() times the next reply afresh', () => {
    const deadline = new ReplyDeadline(limits);
    deadline.start(0, 1e9);
    deadline.received(1000);
    deadline.start(9000, 1e9);
    expect(deadline.receivedBytes).toBe(0);
    expect(deadline.remainingMs(9000)).toBe(1000);
  });

  test('bytes past the body limit buy no time: an endless body still meets the deadline', () => {
    const deadline = new ReplyDeadline(limits);
    deadline.start(0, 500);
    deadline.received(10_000_000);
    expect(deadline.receivedBytes).toBe(500);
    expect(deadline.allowanceMs()).toBe(6000);
    expect(deadline.remainingMs(6000)).toBe(0);
  });

  test('a status reply gains nothing from its bytes', () => {
    const deadline = new ReplyDeadline(limits);
    deadline.start(0, 0);
    deadline.received(4096);
    expect(deadline.allowanceMs()).toBe(1000);
  });
});
