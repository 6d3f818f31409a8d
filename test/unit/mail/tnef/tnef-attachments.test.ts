import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseMail } from '../../../../src/mail/parse-mail.js';
import { readTnef } from '../../../../src/mail/tnef/read-tnef.js';
import { TnefFormatError } from '../../../../src/mail/tnef/tnef-format-error.js';
import {
  mailWithWinmailDat,
  TNEF_CORPUS_HINT,
  TNEF_CORPUS_PRESENT,
  tnefSamples,
} from '../../../support/tnef-corpus.js';
import { writeTnef } from '../../../support/tnef-writer.js';

/**
 * Files popdesk extracts that a sample's `.list` leaves out. The `.list` names the files the
 * reference decoder's own test suite compares with baselines, not all it writes:
 * - long-filename: the reference's debug baseline (tests/files/baselines/long-filename.baseline)
 *   ends "WRITING ./long-filename.dir/allproductsmar2000.dat"; its test just checks only the body.
 * - unicode-mapi-attr: the stream carries a PidTagBodyHtml; the reference saves bodies only
 *   with --save-body, which that test does not pass.
 */
const NOT_LISTED: Readonly<Record<string, readonly string[]>> = {
  'long-filename': ['allproductsmar2000.dat'],
  'unicode-mapi-attr': ['body.html'],
};

/** The reference names a saved body `<sample>-body.rtf`; popdesk names it `body.rtf`. */
function popdeskName(sample: string, listed: string): string {
  return listed.startsWith(`${sample}-body.`) ? listed.slice(sample.length + 1) : listed;
}

describe.skipIf(!TNEF_CORPUS_PRESENT)('the shared TNEF samples', () => {
  for (const sample of tnefSamples()) {
    test(`${sample.name}: the mail carries exactly the files the .list names`, async () => {
      const mail = await parseMail(mailWithWinmailDat(sample.tnef, sample.name));
      const expected = [
        ...sample.listed.map((name) => popdeskName(sample.name, name)),
        ...(NOT_LISTED[sample.name] ?? []),
      ];
      const names = mail.attachments.map((attachment) => attachment.filename);
      // A stream that carries nothing stays as winmail.dat rather than vanish.
      expect(names.sort()).toEqual(expected.length === 0 ? ['winmail.dat'] : expected.sort());
      expect(mail.text).toBe('See the attachments.');
      expect(mail.problems).toEqual([]);
    });
  }

  test('file bytes match the sizes and first bytes the reference decoder logs', async () => {
    // From the "Attachment Data [len: N] = <first bytes>" lines of the reference's debug
    // baselines (tests/files/baselines/<sample>.baseline in github.com/verdammelt/tnef).
    const logged = [
      ['data-before-name', 'boot.ini', 289, '5b626f6f74206c6f6164'],
      ['data-before-name', 'AUTOEXEC.BAT', 0, ''],
      ['long-filename', 'allproductsmar2000.dat', 279, '0d0a4645415455524520'],
    ] as const;
    for (const [name, filename, size, start] of logged) {
      const sample = tnefSamples().find((candidate) => candidate.name === name);
      const mail = await parseMail(mailWithWinmailDat(sample?.tnef ?? Buffer.alloc(0), name));
      const file = mail.attachments.find((attachment) => attachment.filename === filename);
      expect([file?.size, file?.content.subarray(0, 10).toString('hex')]).toEqual([size, start]);
    }
  });

  test('every RTF body decompresses into whole RTF', () => {
    const bodies = tnefSamples().flatMap((sample) => readTnef(sample.tnef).rtfBody ?? []);
    expect(bodies).toHaveLength(6);
    for (const body of bodies) {
      const rtf = body.toString('latin1');
      expect(rtf.startsWith('{\\rtf1')).toBe(true);
      // The declared size often counts a trailing NUL after the closing brace.
      expect(rtf.replace(/[\s\0]+$/, '').endsWith('}')).toBe(true);
    }
  });
});

test.runIf(!TNEF_CORPUS_PRESENT)('the shared TNEF samples are missing', () => {
  console.warn(TNEF_CORPUS_HINT);
});

describe('TNEF files come out byte-identical, with their names', () => {
  test('two files, one with a long Unicode name', async () => {
    const report = Buffer.from([0, 1, 2, 255, 0x0d, 0x0a, 0x1a]);
    const tnef = writeTnef([
      { title: 'AUTHORS', content: Buffer.from('Mark Simpson\n') },
      { title: 'REPORT~1.BIN', longName: 'Rapport trimestriel – été.bin', content: report },
    ]);
    const mail = await parseMail(mailWithWinmailDat(tnef));
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.content])).toEqual([
      ['AUTHORS', Buffer.from('Mark Simpson\n')],
      ['Rapport trimestriel – été.bin', report],
    ]);
  });

  test('any files survive a round trip', () => {
    const file = fc.record({
      title: fc.stringMatching(/^[A-Z0-9]{1,8}\.[A-Z]{3}$/),
      longName: fc.option(
        fc.string({ minLength: 1, maxLength: 40 }).filter((name) => !name.includes('\0')),
        {
          nil: undefined,
        },
      ),
      content: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 4 }), (files) => {
        const decoded = readTnef(writeTnef(files)).files;
        expect(decoded.map((entry) => [entry.filename, entry.content])).toEqual(
          files.map((entry) => [entry.longName ?? entry.title, entry.content]),
        );
      }),
    );
  });
});

describe('TNEF that does not decode never costs the mail', () => {
  test('garbage named winmail.dat: the mail parses, winmail.dat kept, a problem says why', async () => {
    const garbage = Buffer.from('this is not TNEF at all, just bytes named winmail.dat');
    const mail = await parseMail(mailWithWinmailDat(garbage));
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.content])).toEqual([
      ['winmail.dat', garbage],
    ]);
    expect(mail.problems).toEqual([
      expect.stringMatching(/^TNEF attachment winmail\.dat could not be decoded \(not a TNEF stream\)/),
    ]);
  });

  test('a stream cut short, inside a file or between attributes: winmail.dat kept', async () => {
    const tnef = writeTnef([
      { title: 'A.TXT', content: Buffer.alloc(100, 0x41) },
      { title: 'B.TXT', content: Buffer.alloc(5, 0x42) },
    ]);
    for (const cut of [tnef.subarray(0, tnef.length - 40), tnef.subarray(0, tnef.length - 8)]) {
      const mail = await parseMail(mailWithWinmailDat(cut));
      expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(['winmail.dat']);
      expect(mail.attachments[0]?.content.equals(cut)).toBe(true);
      expect(mail.problems).toHaveLength(1);
    }
  });

  test('readTnef throws only TnefFormatError, for any bytes after a valid signature', () => {
    const signature = writeTnef([]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
        try {
          readTnef(Buffer.concat([signature, tail]));
        } catch (error) {
          expect(error).toBeInstanceOf(TnefFormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('readTnef throws only TnefFormatError for mutated samples', () => {
    const seeds = tnefSamples().map((sample) => sample.tnef.subarray(0, 8192));
    const seed =
      seeds.length > 0
        ? seeds
        : [writeTnef([{ title: 'A.TXT', longName: 'a.txt', content: Buffer.alloc(64) }])];
    fc.assert(
      fc.property(
        fc.constantFrom(...seed),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (original, edits) => {
          const mutated = Buffer.from(original);
          for (const [position, value] of edits) mutated[position % mutated.length] = value;
          try {
            readTnef(mutated);
          } catch (error) {
            expect(error).toBeInstanceOf(TnefFormatError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
