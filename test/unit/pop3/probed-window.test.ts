import { describe, expect, test } from 'vitest';
import { afterInOrderReply, type ProbedWindow, startProbedWindow } from '../../../src/pop3/probed-window.js';

/** The window sizes seen after each of `replies` in-order replies. */
function sizesAfter(replies: number, maxWindow: number): number[] {
  let window: ProbedWindow = startProbedWindow(maxWindow);
  const sizes = [window.size];
  for (let i = 0; i < replies; i += 1) {
    window = afterInOrderReply(window, maxWindow);
    sizes.push(window.size);
  }
  return sizes;
}

describe('the window of a server that passed the probe', () => {
  test('starts at 2, as many commands as the probe had in flight', () => {
    expect(startProbedWindow(1000)).toEqual({ size: 2, inOrder: 0 });
  });

  test('doubles once a whole window of replies arrived in order', () => {
    expect(sizesAfter(14, 1000)).toEqual([2, 2, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 16]);
  });

  test('never grows past pipelineWindow, and stays there', () => {
    const sizes = sizesAfter(100, 10);
    expect(Math.max(...sizes)).toBe(10);
    expect(sizes.at(-1)).toBe(10);
    expect(sizes.slice(sizes.indexOf(10))).toEqual(sizes.slice(sizes.indexOf(10)).map(() => 10));
  });

  test('with pipelineWindow 1 it stays lock-step', () => {
    expect(sizesAfter(5, 1)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test('reaches the default window of 1000 within about 2000 replies', () => {
    const sizes = sizesAfter(2100, 1000);
    expect(sizes.indexOf(1000)).toBeGreaterThan(500);
    expect(sizes.indexOf(1000)).toBeLessThanOrEqual(2046);
  });
});
