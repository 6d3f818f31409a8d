import { expect, test } from 'vitest';
import { shareInFlight } from '../../../src/auth/share-in-flight.js';

test('overlapping calls share one run, and a call after it settles starts another', async () => {
  let runs = 0;
  const shared = shareInFlight(async () => {
    runs += 1;
    return runs;
  });
  const [first, second] = await Promise.all([shared(), shared()]);
  expect([first, second, runs]).toEqual([1, 1, 1]);
  expect(await shared()).toBe(2);
});

test('a failed run is not kept: the next call tries again', async () => {
  let runs = 0;
  const shared = shareInFlight(async () => {
    runs += 1;
    if (runs === 1) throw new Error('first fails');
    return runs;
  });
  await expect(shared()).rejects.toThrow('first fails');
  expect(await shared()).toBe(2);
});
