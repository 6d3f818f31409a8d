import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { parseMail, withoutQuotedHistory } from '../../../src/mail/parser.js';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

const outlookReply = Buffer.from(
  [
    'From: Anna <anna@customer.example>',
    'To: support@example.com',
    'Subject: RE: [#123] Printer offline',
    'Message-ID: <r1@customer.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Back online, thanks.',
    '',
    'From: Acme Support <support@example.com>',
    'Sent: Tuesday, November 3, 2026 10:15 AM',
    'To: Anna <anna@customer.example>',
    'Subject: RE: [#123] Printer offline',
    '',
    'Please restart it.',
    '--b',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Back online, thanks.</p><div><b>From:</b> Acme Support</div><p>Please restart it.</p>',
    '--b--',
    '',
  ].join('\r\n'),
);

test('the visible text loses the history; the untouched bodies come along as original.txt and original.html', async () => {
  const mail = await parseMail(outlookReply);
  const reply = withoutQuotedHistory(mail);

  expect(reply.text).toBe('Back online, thanks.');
  expect(reply.html).toBeUndefined();
  const originals = reply.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')]);
  expect(originals).toEqual([
    ['original.txt', 'text/plain', mail.text],
    ['original.html', 'text/html', mail.html],
  ]);
  for (const attachment of reply.attachments) {
    expect(attachment.sha256).toBe(sha256(attachment.content));
    expect(attachment.size).toBe(attachment.content.length);
  }
  expect({ ...reply, text: mail.text, html: mail.html, attachments: [] }).toEqual({
    ...mail,
    attachments: [],
  });
});

test('a reply with no history is handed on as it is, HTML and all', async () => {
  const mail = await parseMail(
    Buffer.from(
      'From: a@b.example\r\nSubject: Re: x\r\nContent-Type: text/html\r\n\r\n<p>Just this.</p>\r\n',
    ),
  );
  expect(withoutQuotedHistory(mail)).toBe(mail);
});
