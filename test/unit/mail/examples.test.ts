import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { InboundMail } from '../../../src/mail/inbound-mail.js';
import { parseMail } from '../../../src/mail/parse-mail.js';

const dir = new URL('../../../examples/mail/', import.meta.url);

async function parseExamples(): Promise<Map<string, InboundMail>> {
  const names = readdirSync(dir).filter((name) => name.endsWith('.eml'));
  const parsed = await Promise.all(
    names.map(async (name) => [name, await parseMail(readFileSync(new URL(name, dir)))] as const),
  );
  return new Map(parsed);
}

test('the demo mails parse cleanly, sort as a conversation and stay small', async () => {
  const mails = await parseExamples();
  expect([...mails.keys()].sort()).toEqual([
    '01-question.eml',
    '02-invoice-html.eml',
    '03-latin1-french.eml',
    '04-reply.eml',
    '05-inline-image.eml',
    '06-invoice-follow-up.eml',
  ]);
  for (const [name, mail] of mails) {
    expect(mail.problems, name).toEqual([]);
    expect(mail.messageIdDerived, name).toBe(false);
    expect(mail.rawSize, name).toBeLessThan(200 * 1024);
  }
});

test('the demo mails show what popdesk handles', async () => {
  const mails = await parseExamples();
  const question = mails.get('01-question.eml')!;
  const reply = mails.get('04-reply.eml')!;
  expect(reply.subject).toBe(`Re: ${question.subject}`);
  expect(reply.inReplyTo).toEqual([question.messageId]);
  expect(reply.references).toEqual([question.messageId]);

  const invoice = mails.get('02-invoice-html.eml')!;
  expect(invoice.html).toContain('<td>EUR 144.90</td>');
  expect(invoice.attachments.map((a) => [a.filename, a.contentType])).toEqual([
    ['INV-3310.pdf', 'application/pdf'],
  ]);
  expect(mails.get('06-invoice-follow-up.eml')!.inReplyTo).toEqual([invoice.messageId]);

  const french = mails.get('03-latin1-french.eml')!;
  expect(french.from?.name).toBe('Renée Fontaine');
  expect(french.subject).toBe('Facture erronée pour la commande n° 10517');
  expect(french.text).toContain('la facture\njointe au colis est erronée');

  const photo = mails.get('05-inline-image.eml')!;
  expect(photo.html).toContain('src="cid:kettle-photo-0319@example.net"');
  expect(photo.attachments.map((a) => [a.filename, a.contentId, a.inline])).toEqual([
    ['kettle-base.png', 'kettle-photo-0319@example.net', true],
  ]);
});
