import { expect, test } from 'vitest';
import { derivedMessageId, parseMessageIds } from '../../../../src/mail/header/message-ids.js';

test.each([
  ['<a@example.com>', ['a@example.com']],
  ['  <a@example.com> (comment) ', ['a@example.com']],
  ['<a@x> <b@x>\t<c@x>', ['a@x', 'b@x', 'c@x']],
  ['<a@x>, junk <b@x> (Support <c@x>)', ['a@x', 'b@x', 'c@x']],
  ['<a@x> <a@x>', ['a@x']],
  ['bare@example.com', ['bare@example.com']],
  ['a@x, b@y and more words', ['a@x', 'b@y']],
  ['<>', []],
  ['', []],
  ['no id here', []],
  ['<with space@x>', []],
])('%j', (value, expected) => {
  expect(parseMessageIds(value)).toEqual(expected);
});

test('derived ids are 32 hex characters at popdesk.invalid', () => {
  expect(derivedMessageId('0123456789abcdef'.repeat(4))).toBe(
    '0123456789abcdef0123456789abcdef@popdesk.invalid',
  );
});
