import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseMail } from '../../../src/mail/parse-mail.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A multipart/mixed mail in the shape Thunderbird and Outlook send, around the given parts. */
function mixedMail(parts: readonly Buffer[]): Buffer {
  const header = [
    'From: Jonas Mueller <jonas@example.de>',
    'To: support@northwind-kettle.example',
    'Subject: Log files from the kettle app',
    'Message-ID: <text-files@example.de>',
    'Date: Tue, 12 Mar 2024 09:13:58 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    'This is a multi-part message in MIME format.',
  ].join('\r\n');
  const chunks: Buffer[] = [Buffer.from(`${header}\r\n`)];
  for (const part of parts) chunks.push(Buffer.from('--b1\r\n'), part, Buffer.from('\r\n'));
  chunks.push(Buffer.from('--b1--\r\n'));
  return Buffer.concat(chunks);
}

/** One MIME part: its header lines, a blank line, then the body bytes exactly as given. */
function part(headers: readonly string[], body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), Buffer.from(body)]);
}

const BODY = part(
  ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 7bit'],
  'Hello, the app log is attached.',
);

describe('text parts with a file name', () => {
  test('an inline text/plain part with a filename is delivered as a byte-identical file and stays in the body', async () => {
    // Thunderbird's "attach as inline" shape: disposition inline with a filename, quoted-printable.
    const content = Buffer.from('12:00:01 kettle boot\n12:00:02 heater on — 93 °C\n', 'utf8');
    const mail = await parseMail(
      mixedMail([
        BODY,
        part(
          [
            'Content-Type: text/plain; charset=UTF-8',
            'Content-Disposition: inline; filename="msg.txt"',
            'Content-Transfer-Encoding: quoted-printable',
          ],
          '12:00:01 kettle boot\r\n12:00:02 heater on =E2=80=94 93 =C2=B0C\r\n',
        ),
      ]),
    );
    expect(mail.text).toContain('the app log is attached.');
    expect(mail.text).toContain('12:00:02 heater on — 93 °C');
    expect(mail.attachments).toHaveLength(1);
    const file = mail.attachments[0]!;
    expect([file.filename, file.contentType, file.inline, file.contentId]).toEqual([
      'msg.txt',
      'text/plain',
      true,
      undefined,
    ]);
    // Quoted-printable's CRLF line ends are the canonical form of the text's line ends.
    expect(file.content.equals(Buffer.from(content.toString('utf8').replace(/\n/g, '\r\n')))).toBe(true);
    expect(file.size).toBe(file.content.length);
    expect(file.sha256).toBe(sha256(file.content));
    expect(mail.problems).toEqual([]);
  });

  test('a text part without a filename stays body only', async () => {
    const mail = await parseMail(
      mixedMail([
        BODY,
        part(
          ['Content-Type: text/plain; charset=UTF-8', 'Content-Disposition: inline'],
          'A second text part.',
        ),
        part(['Content-Type: text/plain; charset=UTF-8'], 'A third text part.'),
      ]),
    );
    expect(mail.text).toContain('A second text part.');
    expect(mail.text).toContain('A third text part.');
    expect(mail.attachments).toEqual([]);
  });

  test('a name= on Content-Type alone makes a file too, not marked inline', async () => {
    const mail = await parseMail(
      mixedMail([
        BODY,
        part(['Content-Type: text/plain; charset=us-ascii; name="notes.txt"'], 'line one\r\n'),
      ]),
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.inline])).toEqual([
      ['notes.txt', 'text/plain', false],
    ]);
    expect(mail.attachments[0]!.content.toString('latin1')).toBe('line one\r\n');
    expect(mail.text).toContain('line one');
  });

  test('several text files, HTML among them, keep their order among the other attachments and their charsets as bytes', async () => {
    const latin1 = Buffer.from('Gerät: Wasserkocher\r\nFehler: Überhitzung\r\n', 'latin1');
    const sjis = Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x0d, 0x0a]); // 日本 in Shift_JIS
    const pdf = Buffer.from(
      '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n',
      'latin1',
    );
    const html = '<p>Report <b>K-4471</b></p>\r\n';
    const mail = await parseMail(
      mixedMail([
        BODY,
        part(
          [
            'Content-Type: text/plain; charset=ISO-8859-1',
            'Content-Disposition: inline; filename="fehler.txt"',
            'Content-Transfer-Encoding: base64',
          ],
          latin1.toString('base64'),
        ),
        part(
          [
            'Content-Type: application/pdf; name="report.pdf"',
            'Content-Disposition: attachment; filename="report.pdf"',
            'Content-Transfer-Encoding: base64',
          ],
          pdf.toString('base64'),
        ),
        part(
          [
            'Content-Type: text/plain; charset=Shift_JIS',
            "Content-Disposition: inline; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt",
            'Content-Transfer-Encoding: 8bit',
          ],
          sjis,
        ),
        part(
          ['Content-Type: text/html; charset=UTF-8', 'Content-Disposition: inline; filename="report.html"'],
          html,
        ),
      ]),
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['fehler.txt', 'text/plain'],
      ['report.pdf', 'application/pdf'],
      ['日本.txt', 'text/plain'],
      ['report.html', 'text/html'],
    ]);
    const [fehler, report, japan, page] = mail.attachments;
    expect(fehler!.content.equals(latin1)).toBe(true);
    expect(report!.content.equals(pdf)).toBe(true);
    expect(japan!.content.equals(sjis)).toBe(true);
    expect(page!.content.toString('utf8')).toBe(html);
    // The body still reads them decoded.
    expect(mail.text).toContain('Fehler: Überhitzung');
    expect(mail.text).toContain('日本');
    expect(mail.html).toContain('<b>K-4471</b>');
  });

  test('a format=flowed text file keeps its soft line breaks byte for byte', async () => {
    const flowed = 'A long line that the sender wrapped \r\nat seventy-two columns.\r\n';
    const mail = await parseMail(
      mixedMail([
        BODY,
        part(
          [
            'Content-Type: text/plain; charset=UTF-8; format=flowed',
            'Content-Disposition: inline; filename="wrapped.txt"',
          ],
          flowed,
        ),
      ]),
    );
    expect(mail.text).toContain('wrapped at seventy-two columns.');
    expect(mail.attachments[0]!.content.toString('utf8')).toBe(flowed);
  });

  test('a single-part mail whose text has a name is body and file', async () => {
    const raw = Buffer.from(
      [
        'From: jonas@example.de',
        'Subject: Only a file',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=UTF-8; name="whole.txt"',
        '',
        'Just the file.',
        '',
      ].join('\r\n'),
    );
    const mail = await parseMail(raw);
    expect(mail.text).toContain('Just the file.');
    expect(mail.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([
      ['whole.txt', 'Just the file.\r\n'],
    ]);
  });

  test('a text file of several MiB in a legacy charset arrives whole while the body decodes it', async () => {
    // Large enough to pass the transfer and charset decoders in many chunks.
    const line = Buffer.from('Überhitzung gemeldet, Gerät K-4471 abgeschaltet.\r\n', 'latin1');
    const content = Buffer.concat(Array.from({ length: 60_000 }, () => line));
    const mail = await parseMail(
      mixedMail([
        BODY,
        part(
          [
            'Content-Type: text/plain; charset=windows-1252',
            'Content-Disposition: inline; filename="big.log"',
            'Content-Transfer-Encoding: base64',
          ],
          content.toString('base64').replace(/.{76}/g, '$&\r\n'),
        ),
      ]),
    );
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.content.equals(content)).toBe(true);
    expect(mail.text.split('Überhitzung gemeldet').length - 1).toBe(60_000);
  });
});
