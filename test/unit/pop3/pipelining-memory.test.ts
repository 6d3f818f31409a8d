import { expect, test } from 'vitest';
import { PipeliningMemory } from '../../../src/pop3/pipelining-memory.js';

test('a refused host is remembered by host and port until the span has passed', () => {
  let now = 1_000_000;
  const memory = new PipeliningMemory({ forgetAfterMs: 60_000, now: () => now });
  expect(memory.refusedRecently('pop.example.com:995')).toBe(false);
  memory.refuse('pop.example.com:995');
  expect(memory.refusedRecently('pop.example.com:995')).toBe(true);
  expect(memory.refusedRecently('pop.example.com:110')).toBe(false);
  now += 59_999;
  expect(memory.refusedRecently('pop.example.com:995')).toBe(true);
  now += 1;
  expect(memory.refusedRecently('pop.example.com:995')).toBe(false);
});

test('remembers for a day by default', () => {
  let now = 0;
  const memory = new PipeliningMemory({ now: () => now });
  memory.refuse('h:1');
  now = 24 * 60 * 60 * 1000 - 1;
  expect(memory.refusedRecently('h:1')).toBe(true);
  now += 1;
  expect(memory.refusedRecently('h:1')).toBe(false);
});
