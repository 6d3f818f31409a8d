import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MailOptionsError } from '../../../src/mail/mail-options-error.js';
import { parseMail } from '../../../src/mail/parse-mail.js';
import { readFixture } from './read-fixture.js';

/** Deterministic bytes (xorshift32), so a failure is reproducible. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

function expectOriginalAttached(mail: Awaited<ReturnType<typeof parseMail>>, raw: Buffer): void {
  const original = mail.attachments.find((attachment) => attachment.filename === 'original.eml');
  expect(original?.contentType).toBe('message/rfc822');
  expect(original?.content.equals(raw)).toBe(true);
  expect(mail.problems.some((problem) => problem.includes('attached as original.eml'))).toBe(true);
}

describe('input that is not a good mail still becomes an InboundMail', () => {
  test('a 0-byte buffer', async () => {
    const mail = await parseMail(Buffer.alloc(0));
    expect(mail.messageId).toBe(`${createHash('sha256').digest('hex').slice(0, 32)}@popdesk.invalid`);
    expect(mail.messageIdDerived).toBe(true);
    expect([mail.subject, mail.text, mail.rawSize]).toEqual(['', '', 0]);
    expectOriginalAttached(mail, Buffer.alloc(0));
  });

  test('random bytes', async () => {
    const raw = pseudoRandomBytes(8192, 0x2545f491);
    const mail = await parseMail(raw);
    expect(mail.messageIdDerived).toBe(true);
    expectOriginalAttached(mail, raw);
  });

  test('a truncated download keeps what arrived, and the original', async () => {
    const raw = readFixture('mixed-pdf-png.eml').subarray(0, 1500);
    const mail = await parseMail(raw);
    expect(mail.subject).toBe('Charged twice for invoice INV-2291');
    expect(mail.messageId).toBe('CAF7a1b2c3-invoice@mail.example.com');
    expect(mail.text).toContain('my card was charged twice');
    expectOriginalAttached(mail, raw);
  });

  test('a header block the MIME parser rejects (over 1 MB): headers read by hand, body as text', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        'Subject: Huge header\r\nFrom: "Big" <Big@Example.com>\r\nMessage-ID: <big@example.com>\r\n',
      ),
      Buffer.from(`X-Junk: ${'a'.repeat(1_100_000)}\r\n\r\n`),
      Buffer.from('Ren\xe9e wrote this body.\r\n', 'latin1'),
    ]);
    const mail = await parseMail(raw);
    expect(mail.subject).toBe('Huge header');
    expect(mail.from).toEqual({ address: 'big@example.com', name: 'Big' });
    expect(mail.messageId).toBe('big@example.com');
    expect(mail.text).toBe('Renée wrote this body.\n');
    expect(mail.problems).toContain(
      'the MIME parser failed (Max header size for a MIME node exceeded): the raw message is attached as original.eml',
    );
    expectOriginalAttached(mail, raw);
  });

  test('more parts than the MIME parser allows', async () => {
    const parts = Array.from(
      { length: 1100 },
      (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`,
    );
    const raw = Buffer.from(
      `Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts.join('')}--b--\r\n`,
    );
    const mail = await parseMail(raw);
    expect(mail.subject).toBe('parts');
    expectOriginalAttached(mail, raw);
  });

  test('HTML over maxHtmlLength is attached, not processed', async () => {
    const html = `<p>${'x'.repeat(200)}</p>`;
    const raw = Buffer.from(`Subject: big html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`);
    const mail = await parseMail(raw, { maxHtmlLength: 100 });
    expect(mail.html).toBeUndefined();
    expect(mail.text).toBe(
      '[HTML body of 208 characters is over the limit of 100: it is attached as body.html]',
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([['body.html', 'text/html']]);
    expect(mail.attachments[0]!.content.toString('utf8')).toContain(html);
    expect(mail.problems).toEqual([expect.stringContaining('over the limit of 100: attached as body.html')]);
  });
});

test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
  'maxHtmlDepth %s is rejected',
  async (value) => {
    await expect(parseMail(Buffer.from('Subject: x\r\n\r\n'), { maxHtmlDepth: value })).rejects.toThrow(
      MailOptionsError,
    );
  },
);

test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
  'maxHtmlLength %s is rejected',
  async (value) => {
    await expect(parseMail(Buffer.from('Subject: x\r\n\r\n'), { maxHtmlLength: value })).rejects.toThrow(
      MailOptionsError,
    );
  },
);

/** Bytes that look like mail often enough to reach the MIME parser's deeper paths. */
const mailish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'From: a@b.c\r\n',
        'Subject: =?utf-8?B?w6k=?=\r\n',
        'Content-Type: multipart/mixed; boundary=b\r\n',
        'Content-Type: text/plain; charset=x-unknown\r\n',
        'Content-Type: text/html\r\n',
        'Content-Transfer-Encoding: base64\r\n',
        'Content-Transfer-Encoding: quoted-printable\r\n',
        "Content-Disposition: attachment; filename*=UTF-8''%E9.pdf\r\n",
        '\r\n',
        '--b\r\n',
        '--b--\r\n',
        '<p onclick=x>hi<img src=http://x/y>\r\n',
        '=E9=\r\n',
        '\xe9\xff\x00\r\n',
      ),
      fc.string(),
    ),
    { maxLength: 40 },
  )
  .map((pieces) => Buffer.from(pieces.join(''), 'latin1'));

test('property: parseMail never throws and always returns a message id', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
        mailish,
      ),
      async (raw) => {
        const mail = await parseMail(raw);
        expect(mail.messageId).not.toBe('');
        expect(mail.messageId).not.toMatch(/[<>\s]/);
        expect(mail.rawSize).toBe(raw.length);
        expect(mail.text).not.toContain('\uFFFD');
        expect(mail.subject).not.toContain('\uFFFD');
      },
    ),
    { numRuns: 300 },
  );
});
