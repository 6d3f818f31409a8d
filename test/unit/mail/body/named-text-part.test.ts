import { describe, expect, test } from 'vitest';
import { isNamedTextPart, type TextPartFacts } from '../../../../src/mail/body/named-text-part.js';

describe('isNamedTextPart', () => {
  const rows: ReadonlyArray<readonly [string, TextPartFacts, boolean]> = [
    [
      'inline text/plain with filename (Thunderbird "inline")',
      { contentType: 'text/plain', disposition: 'inline', filename: 'msg.txt' },
      true,
    ],
    [
      'text/plain with only name= on Content-Type',
      { contentType: 'text/plain', disposition: undefined, filename: 'notes.txt' },
      true,
    ],
    [
      'inline text/html with filename',
      { contentType: 'text/html', disposition: 'inline', filename: 'report.html' },
      true,
    ],
    [
      'text/plain without a filename is body only',
      { contentType: 'text/plain', disposition: 'inline', filename: undefined },
      false,
    ],
    [
      'a blank filename is no name',
      { contentType: 'text/plain', disposition: 'inline', filename: '  ' },
      false,
    ],
    [
      'attachment disposition is a file already',
      { contentType: 'text/plain', disposition: 'attachment', filename: 'a.txt' },
      false,
    ],
    [
      'an unknown disposition counts as attachment (RFC 2183 2.8)',
      { contentType: 'text/plain', disposition: 'x-weird', filename: 'a.txt' },
      false,
    ],
    [
      'text/csv is an attachment already',
      { contentType: 'text/csv', disposition: 'inline', filename: 'a.csv' },
      false,
    ],
    ['no content type', { contentType: undefined, disposition: 'inline', filename: 'a.txt' }, false],
  ];
  test.each(rows)('%s', (_name, facts, expected) => {
    expect(isNamedTextPart(facts)).toBe(expected);
  });
});
