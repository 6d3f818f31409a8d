import { expect, test } from 'vitest';
import { ByteWindow } from '../../../src/mailbox/byte-window.js';

test('admits up to the limit, then waits for a release', async () => {
  const window = new ByteWindow(100);
  await window.acquire(60);
  await window.acquire(40);
  let admitted = false;
  const third = window.acquire(10).then(() => {
    admitted = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  expect(admitted).toBe(false);
  window.release(60);
  await third;
  expect(admitted).toBe(true);
});

test('one entry larger than the whole window still gets through', async () => {
  const window = new ByteWindow(100);
  await window.acquire(1000);
  window.release(1000);
  await window.acquire(50);
});
