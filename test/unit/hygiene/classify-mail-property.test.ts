import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classifyMail } from '../../../src/hygiene/classify-mail.js';
import { MAIL_CLASSES } from '../../../src/hygiene/mail-classification.js';
import { RECORDED_HEADERS } from '../../../src/mail/header/read-mail-headers.js';
import { parseMail } from '../../../src/mail/parse-mail.js';

/** Values that come close to what the classifier looks for, and values that are anything at all. */
const headerValue = fc.oneof(
  fc.constantFrom(
    '',
    '<>',
    'yes',
    'YES',
    'no',
    'auto-replied',
    'bulk',
    'list',
    'All',
    '-1',
    '9',
    '10',
    'SFV:SPM;SCL:99',
    'SCL:',
    'multipart/report; report-type=delivery-status',
    'multipart/report; report-type',
    'multipart/report; report-type="',
    'Zammad',
    'osTicket Mailer',
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

const headerName = fc.oneof(
  fc.constantFrom(...RECORDED_HEADERS),
  fc.string({ minLength: 1, maxLength: 12 }).map((suffix) => `x-zammad-${suffix}`),
);

const classifiable = fc.record({
  from: fc.option(fc.record({ address: fc.oneof(fc.emailAddress(), fc.string()), name: fc.string() }), {
    nil: undefined,
  }),
  subject: fc.oneof(fc.string(), fc.constantFrom('Automatic reply:', 'Undeliverable:', 'Auto:')),
  headers: fc.dictionary(headerName, headerValue, { maxKeys: 12 }),
  reportedMail: fc.constant(undefined),
});

const settings = fc.record({
  ownAddresses: fc.array(fc.emailAddress(), { maxLength: 3 }).map((addresses) => new Set(addresses)),
  spamScl: fc.integer({ min: -1, max: 9 }),
});

describe('classifyMail over any headers', () => {
  test('never throws; always a class; signals exactly when not normal, each one line', () => {
    fc.assert(
      fc.property(classifiable, settings, (mail, chosen) => {
        const result = classifyMail(mail, chosen);
        expect(MAIL_CLASSES).toContain(result.class);
        expect(result.signals.length === 0).toBe(result.class === 'normal');
        for (const signal of result.signals) {
          expect(signal).not.toMatch(/[\r\n]/);
          expect(signal.includes('\u0000')).toBe(false);
          expect(signal.length).toBeLessThan(400);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('a weak signal never decides alone: one weak header on a plain mail leaves it normal', () => {
    const weakOnes = [
      'Return-Path: <>',
      'Subject: Automatic reply: hello',
      'Subject: Undeliverable: hello',
      'X-MS-Exchange-Inbox-Rules-Loop: a@example.com',
      'X-Auto-Response-Suppress: All',
      'X-Mailer: osTicket Mailer',
      'X-Mailer: Zammad Mail Service',
    ];
    return Promise.all(
      weakOnes.map(async (line) => {
        const subject = line.startsWith('Subject:') ? '' : 'Subject: hello\r\n';
        const raw = Buffer.from(`From: a@example.com\r\n${subject}${line}\r\n\r\nbody\r\n`);
        const result = classifyMail(await parseMail(raw), { ownAddresses: new Set(), spamScl: 5 });
        expect([line, result.class]).toEqual([line, 'normal']);
      }),
    );
  });

  test('megabyte header values and subjects classify in well under a second', () => {
    const huge = {
      subject: `Automatic reply${' '.repeat(1_000_000)}`,
      headers: {
        'return-path': ' '.repeat(1_000_000),
        'content-type': `multipart/report;${' x=y;'.repeat(200_000)}`,
        'x-forefront-antispam-report': 'SCL:1;'.repeat(200_000),
        'list-unsubscribe': '<'.repeat(1_000_000),
      },
    };
    const started = performance.now();
    const result = classifyMail(
      { from: undefined, reportedMail: undefined, ...huge },
      { ownAddresses: new Set(), spamScl: 5 },
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.class).toBe('bulk');
    expect(result.signals[0]?.length).toBeLessThan(200);
  });
});
