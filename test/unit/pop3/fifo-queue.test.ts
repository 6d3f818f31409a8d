import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { FifoQueue } from '../../../src/pop3/fifo-queue.js';

test('first in, first out, across the compaction point', () => {
  const queue = new FifoQueue<number>();
  for (let i = 0; i < 5000; i += 1) queue.push(i);
  const out: number[] = [];
  for (let i = 0; i < 3000; i += 1) out.push(queue.shift() as number);
  queue.push(5000);
  expect(out[2999]).toBe(2999);
  expect(queue.length).toBe(2001);
  expect(queue.at(0)).toBe(3000);
  expect(queue.drain().at(-1)).toBe(5000);
  expect(queue.length).toBe(0);
  expect(queue.shift()).toBeUndefined();
});

test('findIndex and removeAt work relative to the front', () => {
  const queue = new FifoQueue<string>();
  for (const item of ['a', 'b', 'sasl', 'c']) queue.push(item);
  queue.shift();
  expect(queue.findIndex((item) => item === 'sasl')).toBe(1);
  queue.removeAt(1);
  expect(queue.drain()).toEqual(['b', 'c']);
  expect(queue.findIndex(() => true)).toBe(-1);
});

test('at() and last() see only what is still queued, not items already shifted', () => {
  const queue = new FifoQueue<string>();
  queue.push('a');
  queue.shift();
  expect(queue.at(-1)).toBeUndefined();
  expect(queue.last()).toBeUndefined();
  queue.push('b');
  queue.push('c');
  expect(queue.last()).toBe('c');
  expect(queue.at(2)).toBeUndefined();
});

// A session's queue held every command it had answered until the session ended, and a RETR's
// command holds the whole mail: a 50-mail batch kept all 50 in memory after they were stored.
test('an item shifted off the queue is no longer reachable from it', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const queue = new FifoQueue<{ body: Buffer }>();
  let reply: { body: Buffer } | undefined = { body: Buffer.alloc(1024) };
  const collected = new WeakRef(reply);
  queue.push(reply);
  queue.push({ body: Buffer.alloc(1) });
  queue.shift();
  reply = undefined;
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  expect(collected.deref()).toBeUndefined();
  expect(queue.length).toBe(1);
});
