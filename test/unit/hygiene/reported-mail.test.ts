import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classifyMail } from '../../../src/hygiene/classify-mail.js';
import { parseMail } from '../../../src/mail/parse-mail.js';

const fixture = (path: string): Buffer => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));
const SETTINGS = { ownAddresses: new Set(['support@northwind-kettle.example']), spamScl: 5 };

describe('the mail a bounce reports, read through parseMail', () => {
  test('Postfix DSN returning the whole mail as message/rfc822', async () => {
    const mail = await parseMail(fixture('hygiene/postfix-dsn-rfc822.eml'));
    expect(mail.reportedMail).toEqual({
      messageId: 'rt-5.0.5-4831-1711358100-77.4831-5-0@northwind-kettle.example',
      inReplyTo: ['CAK7mXq2=keller-order-10520@mail.old-domain.example'],
      references: [
        'CAK7mXq2=keller-order-10520@mail.old-domain.example',
        'rt-5.0.5-4831-1711300000-12.4831-3-0@northwind-kettle.example',
      ],
      subject: '[Ticket #4831] Rückfrage zu Ihrer Bestellung 10520',
      from: { address: 'support@northwind-kettle.example', name: 'Northwind Support' },
    });
    // The report itself is the bounce, not the RT mail it returns (whose markers would say loop).
    expect(classifyMail(mail, SETTINGS).class).toBe('bounce');
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['message/rfc822']);
    expect(mail.problems).toEqual([]);
  });

  test('Sendmail DSN returning only the header as text/rfc822-headers', async () => {
    const mail = await parseMail(fixture('hygiene/sendmail-dsn-headers.eml'));
    expect(mail.reportedMail).toEqual({
      messageId: 'ticket-4835.reply-2@northwind-kettle.example',
      inReplyTo: ['PUR-2024-0311@partner.example'],
      references: ['PUR-2024-0311@partner.example', 'ticket-4835.reply-1@northwind-kettle.example'],
      subject: 'Re: [Ticket #4835] Quote for 40 kettles',
      from: { address: 'support@northwind-kettle.example', name: 'Northwind Support' },
    });
    expect(classifyMail(mail, SETTINGS)).toMatchObject({ class: 'bounce' });
  });

  test("Exchange Online NDR: the returned mail, not the NDR's own In-Reply-To", async () => {
    const mail = await parseMail(fixture('hygiene/exchange-online-ndr.eml'));
    expect(mail.inReplyTo).toEqual(['ticket-4840.reply-1@northwind-kettle.example']);
    expect(mail.reportedMail).toEqual({
      messageId: 'ticket-4840.reply-1@northwind-kettle.example',
      inReplyTo: ['SN6PR11MB2750.wong-claim@contoso.example'],
      references: ['SN6PR11MB2750.wong-claim@contoso.example'],
      subject: '[Ticket #4840] Your warranty claim',
      from: { address: 'support@northwind-kettle.example', name: 'Northwind Support' },
    });
    expect(classifyMail(mail, SETTINGS)).toEqual({
      class: 'bounce',
      signals: [
        'Content-Type: multipart/report; report-type=delivery-status; boundary="e0c6a2b4-11aa-4c3d-9e8f-0123456789ab"',
        'X-MS-Exchange-Message-Is-Ndr:',
        'Subject: Undeliverable: [Ticket #4840] Your warranty claim (weak)',
      ],
    });
  });

  test('qmail bounce: the copy after "--- Below this line is a copy of the message."', async () => {
    const mail = await parseMail(fixture('hygiene/qmail-bounce.eml'));
    expect(mail.reportedMail).toEqual({
      messageId: 'ticket-4842.reply-1@northwind-kettle.example',
      inReplyTo: ['silva-filter-question@example.net'],
      references: [],
      subject: '[Ticket #4842] Replacement filter shipped',
      from: { address: 'support@northwind-kettle.example', name: 'Northwind Support' },
    });
    expect(classifyMail(mail, SETTINGS)).toMatchObject({ class: 'bounce' });
  });

  test('the Postfix bounce among the mail fixtures', async () => {
    const mail = await parseMail(fixture('mail/bounce-delivery-status.eml'));
    expect(mail.reportedMail).toEqual({
      messageId: 'ticket-4830.reply-1@northwind-kettle.example',
      inReplyTo: [],
      references: [],
      subject: '[Ticket #4830] Your question about descaling',
      from: { address: 'support@northwind-kettle.example', name: 'Northwind Support' },
    });
  });

  test('a returned mail marked Content-Disposition: inline, which mailparser merges into the text', async () => {
    const returned = Buffer.from(
      [
        'Message-ID: <ticket-4850.reply-1@northwind-kettle.example>',
        'From: Northwind Support <support@northwind-kettle.example>',
        'Subject: [Ticket #4850] Spare lid',
        'Content-Type: text/plain',
        '',
        'The spare lid is on its way.',
      ].join('\r\n'),
    );
    const mail = await parseMail(report('message/rfc822\r\nContent-Disposition: inline', returned));
    expect(mail.text).toContain('The spare lid is on its way.');
    expect(mail.reportedMail).toEqual({
      messageId: 'ticket-4850.reply-1@northwind-kettle.example',
      inReplyTo: [],
      references: [],
      subject: '[Ticket #4850] Spare lid',
      from: { address: 'support@northwind-kettle.example', name: 'Northwind Support' },
    });
  });

  test('a forwarded mail is no report: its message/rfc822 attachment reports nothing', async () => {
    const mail = await parseMail(fixture('mail/forwarded-rfc822.eml'));
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['message/rfc822']);
    expect(mail.reportedMail).toBeUndefined();
  });

  test('a person quoting the qmail line inside a reply reports nothing', async () => {
    const raw = Buffer.from(
      [
        'From: Ana Lima <ana.lima@example.org>',
        'Subject: I got this back',
        '',
        'What does this mean?',
        '> --- Below this line is a copy of the message.',
        '> Message-ID: <x@example.org>',
        '',
      ].join('\r\n'),
    );
    expect((await parseMail(raw)).reportedMail).toBeUndefined();
  });
});

/** A delivery report whose third part is `returned`, as given. */
function report(returnedType: string, returned: Buffer): Buffer {
  const head = [
    'From: MAILER-DAEMON@mx.example.com',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary=b',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'failed',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.com',
    '',
    'Final-Recipient: rfc822; a@example.org',
    'Action: failed',
    'Status: 5.1.1',
    '--b',
    `Content-Type: ${returnedType}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), returned, Buffer.from('\r\n--b--\r\n')]);
}

describe('a huge or broken returned part', () => {
  test('8 MB of header lines without an end: read in bounded time, from its first lines', async () => {
    const lines = Buffer.from(
      'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(130_000),
    );
    const returned = Buffer.concat([
      Buffer.from('Message-ID: <huge@example.com>\r\nSubject: huge\r\n'),
      lines,
    ]);
    const started = performance.now();
    const mail = await parseMail(report('text/rfc822-headers', returned));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(mail.reportedMail).toMatchObject({ messageId: 'huge@example.com', subject: 'huge' });
  });

  test('binary garbage reports nothing and fails nothing', async () => {
    const garbage = Buffer.alloc(200_000);
    for (let index = 0; index < garbage.length; index += 1) garbage[index] = (index * 7919) % 251;
    const mail = await parseMail(report('message/rfc822', garbage));
    expect(mail.subject).toBe('Undelivered Mail Returned to Sender');
    expect(mail.reportedMail?.messageId).toBeUndefined();
    expect(classifyMail(mail, SETTINGS).class).toBe('bounce');
  });

  test('an empty returned part reports nothing', async () => {
    const mail = await parseMail(report('message/rfc822', Buffer.alloc(0)));
    expect(mail.reportedMail).toBeUndefined();
  });
});
