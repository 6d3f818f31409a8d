import { expect, test } from 'vitest';
import { parseMailDate } from '../../../../src/mail/header/parse-mail-date.js';

test.each([
  ['Tue, 12 Mar 2024 09:13:58 +0100', '2024-03-12T08:13:58.000Z'],
  ['Thu, 21 Mar 2024 12:00:05 +0100 (CET)', '2024-03-21T11:00:05.000Z'],
  ['12 Mar 2024 09:13:58 GMT', '2024-03-12T09:13:58.000Z'],
  ['Mon, 4 Mar 2024 14:45:12 EST', '2024-03-04T19:45:12.000Z'],
  ['21 Mar 2024 12:00:05', '2024-03-21T12:00:05.000Z'],
  ['2024-03-21T12:00:05Z', '2024-03-21T12:00:05.000Z'],
])('%s', (value, iso) => {
  expect(parseMailDate(value)?.toISOString()).toBe(iso);
});

test.each(['', 'not a date', '(only a comment)', 'Mon, 99 Foo 2024', 'garbage 12 2024'])(
  '%j is no date',
  (value) => {
    expect(parseMailDate(value)).toBeUndefined();
  },
);
