import { expect, test } from 'vitest';
import { MAX_THREAD_CANDIDATES, threadCandidates } from '../../../src/threading/thread-candidates.js';

test('In-Reply-To first, then References newest first', () => {
  expect(threadCandidates({ messageId: 'c@x', inReplyTo: ['b@x'], references: ['a@x', 'b@x'] })).toEqual([
    'b@x',
    'a@x',
  ]);
});

test('a mail never threads to itself and duplicates are dropped case-insensitively', () => {
  expect(
    threadCandidates({ messageId: 'Self@X', inReplyTo: ['self@x'], references: ['A@x', 'a@X'] }),
  ).toEqual(['a@X']);
});

test('a new conversation has no candidates', () => {
  expect(threadCandidates({ messageId: 'n@x', inReplyTo: [], references: [] })).toEqual([]);
});

test(`a References header of 50k ids yields at most ${MAX_THREAD_CANDIDATES} candidates: the newest, and the thread's root`, () => {
  const references = Array.from({ length: 50_000 }, (_, i) => `r${i}@x`);
  const candidates = threadCandidates({ messageId: 'self@x', inReplyTo: ['r49999@x'], references });
  expect(candidates).toHaveLength(MAX_THREAD_CANDIDATES);
  expect(candidates.slice(0, 3)).toEqual(['r49999@x', 'r49998@x', 'r49997@x']);
  expect(candidates.at(-2)).toBe(`r${50_000 - (MAX_THREAD_CANDIDATES - 1)}@x`);
  expect(candidates.at(-1)).toBe('r0@x');
});

test('many In-Reply-To ids are capped too', () => {
  const inReplyTo = Array.from({ length: 1000 }, (_, i) => `i${i}@x`);
  expect(threadCandidates({ messageId: 'self@x', inReplyTo, references: [] })).toHaveLength(
    MAX_THREAD_CANDIDATES,
  );
});
