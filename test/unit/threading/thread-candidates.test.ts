import { expect, test } from 'vitest';
import { threadCandidates } from '../../../src/threading/thread-candidates.js';

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
