import { describe, expect, test } from 'vitest';
import { joinParameterContinuations } from '../../../../src/helpdesk/osticket/join-parameter-continuations.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';

function mailWith(partHeaders: string[], inner = ''): Buffer {
  return Buffer.from(
    [
      'From: Al <al@example.com>',
      'Subject: minutes',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the file.',
      '--outer',
      ...partHeaders,
      '',
      'the minutes',
      inner,
      '--outer--',
      '',
    ].join('\r\n'),
  );
}

describe('RFC 2231 continuations joined for osTicket', () => {
  test('filename*0*= … filename*1*= becomes one filename*= with the same bytes', async () => {
    const raw = mailWith([
      'Content-Type: text/plain; charset=utf-8;',
      " name*0*=utf-8''R%C3%A9sum%C3%A9%20of%20the%20;",
      ' name*1*=meeting.txt',
      'Content-Disposition: attachment;',
      " filename*0*=utf-8''R%C3%A9sum%C3%A9%20of%20the%20;",
      ' filename*1*=meeting.txt',
    ]);
    const joined = joinParameterContinuations(raw);
    const text = joined.toString('latin1');
    expect(text).toContain(
      "Content-Disposition: attachment;\r\n\tfilename*=utf-8''R%C3%A9sum%C3%A9%20of%20the%20meeting.txt\r\n",
    );
    expect(text).toContain("\tname*=utf-8''R%C3%A9sum%C3%A9%20of%20the%20meeting.txt\r\n");
    expect(text).not.toContain('*0*=');
    const [before, after] = await Promise.all([parseMail(raw), parseMail(joined)]);
    expect(after.attachments.map((file) => [file.filename, file.sha256])).toEqual(
      before.attachments.map((file) => [file.filename, file.sha256]),
    );
    expect(after.attachments[0]?.filename).toBe('Résumé of the meeting.txt');
  });

  test('a plain section after an extended one, and Latin-1, keep their bytes and charset', () => {
    const raw = mailWith([
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename*0*=iso-8859-1\'de\'Gr%FC%DFe%20; filename*1="aus Köln.bin"',
    ]);
    expect(joinParameterContinuations(raw).toString('latin1')).toContain(
      "Content-Disposition: attachment;\r\n\tfilename*=iso-8859-1'de'Gr%FC%DFe%20aus%20K%C3%B6ln.bin\r\n",
    );
  });

  test('nested multiparts are walked; everything else stays byte for byte', () => {
    const inner = [
      '--outer',
      'Content-Type: multipart/mixed; boundary=inner',
      '',
      '--inner',
      "Content-Disposition: attachment; filename*0*=utf-8''a%C3%A9; filename*1*=b.txt",
      '',
      'x',
      '--inner--',
    ].join('\r\n');
    const raw = mailWith(
      ['Content-Type: text/plain', 'Content-Disposition: attachment; filename="plain.txt"'],
      inner,
    );
    const joined = joinParameterContinuations(raw);
    const expected = raw
      .toString('latin1')
      .replace(
        "Content-Disposition: attachment; filename*0*=utf-8''a%C3%A9; filename*1*=b.txt",
        "Content-Disposition: attachment;\r\n\tfilename*=utf-8''a%C3%A9b.txt",
      );
    expect(joined.toString('latin1')).toBe(expected);
  });

  test('names without extended continuations are left alone, and the same Buffer comes back', () => {
    for (const headers of [
      ['Content-Disposition: attachment; filename="report.pdf"'],
      ["Content-Disposition: attachment; filename*=utf-8''R%C3%A9sum%C3%A9.txt"],
      ['Content-Disposition: attachment;', ' filename*0="long-name-";', ' filename*1="part.txt"'],
    ]) {
      const raw = mailWith(headers);
      expect(joinParameterContinuations(raw)).toBe(raw);
    }
  });
});
