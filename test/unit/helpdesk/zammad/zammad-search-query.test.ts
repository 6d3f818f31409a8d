import { expect, test } from 'vitest';
import {
  messageIdQuery,
  phrase,
  ticketNumberQuery,
} from '../../../../src/helpdesk/zammad/zammad-search-query.js';

test.each([
  { id: 'abc@example.com', query: 'article.message_id:"<abc@example.com>"' },
  { id: 'CAF=x+y/z@mail.gmail.com', query: 'article.message_id:"<CAF=x+y/z@mail.gmail.com>"' },
  { id: 'a"b\\c@example.com', query: 'article.message_id:"<a\\"b\\\\c@example.com>"' },
  { id: 'x) OR (y:*@example.com', query: 'article.message_id:"<x) OR (y:*@example.com>"' },
])('message id $id', ({ id, query }) => {
  expect(messageIdQuery(id)).toBe(query);
});

test('ticket number', () => {
  expect(ticketNumberQuery('31001')).toBe('number:"31001"');
});

test('a phrase escapes only quote and backslash', () => {
  expect(phrase('a "b" \\ <c> & d:e')).toBe('"a \\"b\\" \\\\ <c> & d:e"');
});
