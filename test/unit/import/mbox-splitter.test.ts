import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MboxFormatError } from '../../../src/import/mbox-format-error.js';
import { MboxSplitter } from '../../../src/import/mbox-splitter.js';
import { joinMbox } from '../../support/join-mbox.js';

/** Splits `file` fed in chunks of the given sizes (cycled), as a read stream would deliver it. */
function split(file: Buffer, chunkSizes: readonly number[] = [file.length || 1]): Buffer[] {
  const splitter = new MboxSplitter();
  const mails: Buffer[] = [];
  let offset = 0;
  for (let i = 0; offset < file.length; i += 1) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length] ?? 1);
    mails.push(...splitter.push(file.subarray(offset, offset + size)));
    offset += size;
  }
  return [...mails, ...splitter.end()];
}

const text = (mails: Buffer[]): string[] => mails.map((mail) => mail.toString('latin1'));

describe('MboxSplitter', () => {
  test('splits on From lines, drops the blank line before each, and unescapes >From (mboxrd)', () => {
    const file = Buffer.from(
      [
        'From alice@example.com Thu Dec  3 09:00:00 2026',
        'Subject: one',
        '',
        'body',
        '>From the start',
        '>>From deeper',
        '',
        'From bob@example.com Thu Dec  3 09:01:00 2026',
        'Subject: two',
        '',
        'second',
        '',
      ].join('\n'),
    );
    expect(text(split(file))).toEqual([
      'Subject: one\n\nbody\nFrom the start\n>From deeper\n',
      'Subject: two\n\nsecond\n',
    ]);
  });

  test('a From line right under text (mboxo left it unescaped) stays in the mail', () => {
    const file = Buffer.from(
      'From a\nSubject: x\n\nI wrote\nFrom here on, it failed.\n\nFrom b\nSubject: y\n\n',
    );
    expect(text(split(file))).toEqual(['Subject: x\n\nI wrote\nFrom here on, it failed.\n', 'Subject: y\n']);
  });

  test('keeps CRLF line ends as they are', () => {
    const file = Buffer.from('From a\r\nSubject: x\r\n\r\nbody\r\n\r\nFrom b\r\nSubject: y\r\n\r\n');
    expect(text(split(file, [3]))).toEqual(['Subject: x\r\n\r\nbody\r\n', 'Subject: y\r\n']);
  });

  test('a file that does not start with a From line is not an mbox', () => {
    expect(() => split(Buffer.from('Subject: x\n\nbody\n'))).toThrow(MboxFormatError);
  });

  test('an empty file holds no mail', () => {
    expect(split(Buffer.alloc(0))).toEqual([]);
  });

  test('property: split(join(mails)) == mails, whatever the chunk boundaries', () => {
    const line = fc
      .oneof(
        fc.string({ unit: 'binary-ascii', maxLength: 30 }),
        fc.constantFrom('From ', 'From me', '>From x', '>>From y', '', '\r', 'From'),
        fc
          .tuple(fc.constantFrom('', '>', '>>'), fc.constant('From '), fc.string({ maxLength: 5 }))
          .map((p) => p.join('')),
      )
      .map((l) => l.replaceAll('\n', ''));
    const mail = fc
      .array(line, { maxLength: 8 })
      .map((lines) => Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1'));
    fc.assert(
      fc.property(
        fc.array(mail, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        (mails, chunks) => {
          expect(text(split(joinMbox(mails), chunks))).toEqual(text(mails));
        },
      ),
      { numRuns: 500 },
    );
  });
});
