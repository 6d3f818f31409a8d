import { describe, expect, test } from 'vitest';
import { rtAttachments, rtFileName } from '../../../../src/helpdesk/rt/rt-attachments.js';
import { attachment, mail } from './rt-fixtures.js';

describe('rtAttachments', () => {
  test('mail attachments, then embedded images, then the raw header block; empty files left out', () => {
    const raw = Buffer.from('From: a@x\r\nX-Latin: caf\xe9\r\n\r\nbody\r\n', 'latin1');
    const files = rtAttachments(
      mail({
        attachments: [
          attachment('a.pdf', Buffer.from('%PDF'), { contentType: 'application/pdf' }),
          attachment('empty.txt', Buffer.alloc(0), { contentType: 'text/plain' }),
          attachment('blob', Buffer.from([0, 255]), { contentType: '' }),
        ],
      }),
      raw,
      [{ filename: 'inline-image-1.png', contentType: 'image/png', content: Buffer.from([1]) }],
    );
    expect(files).toEqual([
      { FileName: 'a.pdf', FileType: 'application/pdf', FileContent: Buffer.from('%PDF').toString('base64') },
      { FileName: 'blob', FileType: 'application/octet-stream', FileContent: 'AP8=' },
      { FileName: 'inline-image-1.png', FileType: 'image/png', FileContent: 'AQ==' },
      {
        FileName: 'original-headers.txt',
        FileType: 'text/plain',
        FileContent: Buffer.from('From: a@x\r\nX-Latin: caf\xe9\r\n\r\n', 'latin1').toString('base64'),
      },
    ]);
  });

  test('a message without a header block gets no headers file', () => {
    expect(rtAttachments(mail(), Buffer.alloc(0), [])).toEqual([]);
  });
});

describe('rtFileName', () => {
  test.each([
    ['report.pdf', 'report.pdf'],
    ['with "quotes"; and spaces.txt', 'with "quotes"; and spaces.txt'],
    ['ü.txt', '\u00c3\u00bc.txt'],
    ['日本.pdf', '\u00e6\u0097\u00a5\u00e6\u009c\u00ac.pdf'],
    ['0', '0_'],
    ['00', '00'],
    ['', 'attachment'],
    ['a\r\nb\u0000.txt', 'a__b_.txt'],
  ])('%j is sent as %j', (name, sent) => {
    expect(rtFileName(name)).toBe(sent);
  });

  test('the characters sent are the UTF-8 bytes of the name', () => {
    const name = 'Überweisung — ✓.pdf';
    expect(Buffer.from(rtFileName(name), 'latin1').toString('utf8')).toBe(name);
  });
});
