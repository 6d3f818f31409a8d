import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseMail } from '../../../src/mail/parse-mail.js';
import { readFixture } from './read-fixture.js';

const parse = (name: string) => parseMail(readFixture(name));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('what the agent sees', () => {
  test('plain UTF-8: decoded name, lower-cased address, flowed text joined', async () => {
    const mail = await parse('plain-utf8.eml');
    expect(mail.subject).toBe('Kettle lid does not close properly');
    expect(mail.from).toEqual({ address: 'jonas.mueller@example.de', name: 'Jönas Müller' });
    expect(mail.to).toEqual([{ address: 'support@northwind-kettle.example', name: 'Northwind Support' }]);
    expect(mail.messageId).toBe('c3f1e2a4-5b6d-4e7f-8a9b-0c1d2e3f4a5b@example.de');
    expect(mail.messageIdDerived).toBe(false);
    expect(mail.date?.toISOString()).toBe('2024-03-12T08:13:58.000Z');
    expect(mail.text).toContain('does not close any more: the hinge seems to be bent');
    expect(mail.text).toContain('München, Schloßstraße 12');
    expect(mail.text).toContain('Viele Grüße ☕');
    expect(mail.html).toBeUndefined();
    expect(mail.attachments).toEqual([]);
    expect(mail.problems).toEqual([]);
  });

  test('quoted-printable alternative: text from the text part, HTML kept and sanitised', async () => {
    const mail = await parse('alternative-quoted-printable.eml');
    expect(mail.text).toContain(
      'I ordered the Gooseneck Kettle in "Café crème" but received the matte black one.',
    );
    expect(mail.html).toContain('<b>"Café crème"</b>');
    expect(mail.messageId).toBe('CAH3x9Lq+7ZbFq=Tn2pW@mail.example.org');
  });

  test('HTML only: readable text derived, scripts, styles and the tracking pixel gone', async () => {
    const mail = await parse('html-only.eml');
    expect(mail.text).toBe(
      [
        'You have a new order',
        '',
        'Order number: MK-88213',
        '',
        'Item | Qty | Price',
        'Copper Kettle 1.7 l | 1 | EUR 89.00',
        'Total | EUR 89.00',
        '',
        'Please ship within 2 days. View the order <https://kettle-market.example/orders/MK-88213>',
      ].join('\n'),
    );
    expect(mail.html).toContain('<td>Copper Kettle 1.7 l</td>');
    expect(mail.html).toContain(
      '<a rel="noopener noreferrer nofollow" target="_blank" href="https://kettle-market.example/orders/MK-88213">',
    );
    for (const gone of [
      '<script',
      'document.cookie',
      '<style',
      'font-family',
      'track.kettle-market',
      'onclick',
    ]) {
      expect(mail.html).not.toContain(gone);
    }
    expect(mail.headers).toMatchObject({
      precedence: 'bulk',
      'list-id': 'Seller notifications <seller-notifications.kettle-market.example>',
      'list-unsubscribe':
        '<https://kettle-market.example/unsubscribe?u=4711>, <mailto:unsubscribe@kettle-market.example?subject=unsubscribe>',
    });
  });

  test('multipart/mixed with a PDF and a PNG: names, types, sizes and hashes', async () => {
    const mail = await parse('mixed-pdf-png.eml');
    expect(mail.text).toContain('my card was charged twice for invoice INV-2291');
    expect(mail.attachments.map(({ content: _content, ...rest }) => rest)).toEqual([
      {
        filename: 'invoice-2291.pdf',
        contentType: 'application/pdf',
        contentId: undefined,
        inline: false,
        size: 731,
        sha256: '0127ee85f0e538b3f91ce37cea088d98cb7ce475c6dd1857d33d027865ace9ed',
      },
      {
        filename: 'bank-statement.png',
        contentType: 'image/png',
        contentId: undefined,
        inline: false,
        size: 124,
        sha256: '206cc2aa0eb8e5ed604a142b7dad39e5eec2ec3f5c8f93bd7e77e25f627211d1',
      },
    ]);
    const [pdf, png] = mail.attachments;
    expect(pdf!.content.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(png!.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(sha256(pdf!.content)).toBe(pdf!.sha256);
  });

  test('inline cid images: kept as cid: in the HTML, inline, Content-ID without brackets', async () => {
    const mail = await parse('related-inline-image.eml');
    expect(mail.html).toContain('<img src="cid:photo-1@example.it" alt="Kettle base"');
    expect(mail.html).toContain('<img src="cid:signature-logo"');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.contentId, a.inline])).toEqual([
      ['kettle.png', 'image/png', 'photo-1@example.it', true],
      ['attachment-2.png', 'image/png', 'signature-logo', true],
    ]);
    expect(mail.attachments[0]!.sha256).toBe(
      '0d1b71ada37211b65c4b9c19aa8781b8819bab68cb1b59c048d3550864a45181',
    );
  });

  test('no Message-ID: a stable id derived from the raw bytes', async () => {
    const raw = readFixture('no-message-id.eml');
    const mail = await parseMail(raw);
    expect(mail.messageIdDerived).toBe(true);
    expect(mail.messageId).toBe(`${sha256(raw).slice(0, 32)}@popdesk.invalid`);
    expect((await parseMail(Buffer.from(raw))).messageId).toBe(mail.messageId);
    expect(mail.rawSha256).toBe(sha256(raw));
    expect(mail.rawSize).toBe(raw.length);
    expect(mail.from).toEqual({ address: 'root@backup01.northwind-kettle.example', name: 'Cron Daemon' });
  });

  test('reply: In-Reply-To and folded References with junk in between, addresses of every kind', async () => {
    const mail = await parse('reply-references.eml');
    expect(mail.subject).toBe('Re: AW: [Ticket #4821] Kettle stopped heating');
    expect(mail.inReplyTo).toEqual(['ticket-4821.reply-2@northwind-kettle.example']);
    expect(mail.references).toEqual([
      'CAF7a1b2c3-first@mail.example.com',
      'ticket-4821.reply-1@northwind-kettle.example',
      'CAF7a1b2c3-second@mail.example.com',
      'ticket-4821.reply-2@northwind-kettle.example',
    ]);
    expect(mail.from).toEqual({ address: 'sarah.mitchell@example.com', name: 'Mitchell, Sarah' });
    expect(mail.replyTo).toEqual([{ address: 'sarah.m.private@example.net', name: 'Sarah Mitchell' }]);
    expect(mail.cc).toEqual([
      { address: 'accounts@example.com', name: '' },
      { address: 'tom.baker@example.com', name: 'Tom Baker' },
    ]);
  });

  test('RFC 2231 file names, one of them continued over two parameters', async () => {
    const mail = await parse('rfc2231-filename.eml');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['Rechnung März 2024.pdf', 'application/pdf'],
      ['Lieferschein für Bestellung 10482.txt', 'text/plain'],
    ]);
    expect(mail.attachments[1]!.content.toString('utf8')).toContain('Delivery note for order 10482');
  });

  test('attachments without a file name get one from their type', async () => {
    const mail = await parse('attachment-no-filename.eml');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.sha256.slice(0, 16)])).toEqual([
      ['attachment-1.pdf', 'application/pdf', 'e9fddb1eb23aadc7'],
      ['attachment-2.png', 'image/png', '206cc2aa0eb8e5ed'],
    ]);
  });

  test('broken MIME (no closing boundary, garbage base64): the text survives, the original is kept', async () => {
    const raw = readFixture('broken-mime.eml');
    const mail = await parseMail(raw);
    expect(mail.subject).toBe('Warranty claim (attachment may be damaged)');
    expect(mail.text).toContain('I would like to claim the warranty for my kettle (serial KT-4471-B).');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['receipt.jpg', 'original.eml']);
    const original = mail.attachments[1]!;
    expect(original.contentType).toBe('message/rfc822');
    expect(original.content.equals(raw)).toBe(true);
    expect(mail.problems).toEqual([expect.stringContaining('without its closing boundary')]);
  });

  test('a forwarded mail is attached as message/rfc822', async () => {
    const mail = await parse('forwarded-rfc822.eml');
    expect(mail.text).toContain('please handle it in the helpdesk');
    expect(mail.attachments).toHaveLength(1);
    const forwarded = mail.attachments[0]!;
    expect([forwarded.filename, forwarded.contentType]).toEqual(['attachment-1.eml', 'message/rfc822']);
    expect(forwarded.content.toString('utf8')).toContain('Subject: Complaint about late delivery');
  });

  test('a bounce exposes its report headers and reads the delivery status as text', async () => {
    const mail = await parse('bounce-delivery-status.eml');
    expect(mail.from).toEqual({
      address: 'mailer-daemon@mx.northwind-kettle.example',
      name: 'Mail Delivery System',
    });
    expect(mail.headers).toEqual({
      'auto-submitted': 'auto-replied',
      'return-path': '<>',
      'delivered-to': 'support@northwind-kettle.example',
      'x-failed-recipients': 'nobody@invalid.example.com',
      'content-type':
        'multipart/report; report-type=delivery-status; boundary="9A1B2C3D4E.1711018805/mx.northwind-kettle.example"',
    });
    expect(mail.text).toContain('550 5.1.1');
    expect(mail.text).toContain('Final-Recipient: rfc822; nobody@invalid.example.com');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['attachment-1.txt', 'text/rfc822-headers'],
    ]);
  });

  test('an out-of-office reply exposes every auto-reply header', async () => {
    const mail = await parse('out-of-office.eml');
    expect(mail.headers).toMatchObject({
      'auto-submitted': 'auto-replied',
      'x-autoreply': 'yes',
      'x-autorespond': 'Out of office',
      precedence: 'auto_reply',
      'return-path': '<>',
    });
    expect(mail.inReplyTo).toEqual(['ticket-4822.reply-1@northwind-kettle.example']);
  });

  test('Outlook: X-Auto-Response-Suppress recorded, Word markup reduced to what is shown', async () => {
    const mail = await parse('outlook-thread-index.eml');
    expect(mail.headers['x-auto-response-suppress']).toBe('DR, OOF, AutoReply');
    expect(mail.from?.address).toBe('tom.baker@example.com');
    expect(mail.text).toContain('Do you offer a volume discount?');
    expect(mail.html).toContain(
      '<p style="color:#1F3864;font-family:Calibri">Kind regards<br />Tom Baker</p>',
    );
    for (const gone of ['MsoNormal', 'class=', 'xmlns', '<style', '<o:p', 'mso 9']) {
      expect(mail.html).not.toContain(gone);
    }
  });
});

test('every fixture parses without U+FFFD anywhere', async () => {
  const names = readdirSync(new URL('../../fixtures/mail/', import.meta.url));
  expect(names.length).toBeGreaterThanOrEqual(30);
  for (const name of names) {
    const mail = await parseMail(readFileSync(new URL(`../../fixtures/mail/${name}`, import.meta.url)));
    const { attachments, ...visible } = mail;
    expect(JSON.stringify(visible), name).not.toContain('\uFFFD');
    expect(attachments.map((a) => a.filename).join(), name).not.toContain('\uFFFD');
  }
});
