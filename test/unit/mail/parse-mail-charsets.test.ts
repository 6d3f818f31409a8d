import { describe, expect, test } from 'vitest';
import { parseMail } from '../../../src/mail/parse-mail.js';
import { readFixture } from './read-fixture.js';

const parse = (name: string) => parseMail(readFixture(name));

describe('Latin-1 the way French customers send it', () => {
  test('8-bit body labelled iso-8859-1', async () => {
    const mail = await parse('latin1-8bit-labelled.eml');
    expect(mail.subject).toBe('Facture erronée');
    expect(mail.from).toEqual({ address: 'renee.fontaine@example.fr', name: 'Renée Fontaine' });
    expect(mail.text).toContain('la facture n° 2291 est erronée');
    expect(mail.text).toContain("je n'en ai reçu qu'une");
    expect(mail.text).toContain('Renée Fontaine');
    expect(mail.problems).toEqual([]);
  });

  test('8-bit body with no charset: windows-1252, and a problem saying so', async () => {
    const mail = await parse('latin1-8bit-unlabelled.eml');
    expect(mail.text).toContain('la facture n° 2291 est erronée');
    expect(mail.text).toContain('Renée Fontaine');
    expect(mail.text).not.toContain('\uFFFD');
    expect(mail.problems).toEqual([
      'text/plain part: no charset declared and not valid UTF-8: decoded as windows-1252',
    ]);
  });

  test('raw 8-bit Subject, From and To without encoded words', async () => {
    const mail = await parse('latin1-raw-headers.eml');
    expect(mail.subject).toBe('Réclamation : colis endommagé, facture erronée');
    expect(mail.from).toEqual({ address: 'renee.fontaine@example.fr', name: 'Renée Fontaine' });
    expect(mail.to).toEqual([{ address: 'support@northwind-kettle.example', name: 'Service après-vente' }]);
    expect(mail.text).toBe('Le colis est arrivé endommagé.\nRenée\n');
    expect(mail.problems).toEqual([
      'from header: no charset declared and not valid UTF-8: decoded as windows-1252',
      'to header: no charset declared and not valid UTF-8: decoded as windows-1252',
      'subject header: no charset declared and not valid UTF-8: decoded as windows-1252',
    ]);
  });
});

describe('encoded words', () => {
  test.each([
    ['encoded-word-utf8-b.eml', 'Rückerstattung für Bestellung #10482 ✓', 'Jörg Schäfer'],
    ['encoded-word-utf8-q.eml', 'Problème avec ma commande #10533 (urgent)', 'Hervé Lefèvre'],
    ['encoded-word-latin1-q.eml', 'Facture erronée n° 2291', 'Renée Fontaine'],
    ['encoded-word-split-multibyte.eml', 'Prix en € incorrect sur la facture', ''],
  ])('%s', async (name, subject, fromName) => {
    const mail = await parse(name);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.name).toBe(fromName);
    expect(mail.problems).toEqual([]);
  });
});

describe('wrong and unknown charset labels', () => {
  test('unknown label over Latin-1 bytes: windows-1252', async () => {
    const mail = await parse('unknown-charset.eml');
    expect(mail.text).toContain('la facture n° 2291 est erronée');
    expect(mail.problems).toEqual([
      'text/plain part: unknown charset "x-unknown" and not valid UTF-8: decoded as windows-1252',
    ]);
  });

  test('unknown label over UTF-8 bytes: UTF-8', async () => {
    const mail = await parse('unknown-charset-utf8.eml');
    expect(mail.text).toContain('Name: Lukas Brändli');
    expect(mail.text).toContain('Price in CHF would be great — thanks!');
    expect(mail.problems).toEqual([
      'text/plain part: unknown charset "x-user-defined-utf": decoded as UTF-8',
    ]);
  });

  test('windows-1252 labelled us-ascii: smart quotes, euro signs, dashes and ellipses', async () => {
    const mail = await parse('windows-1252-as-us-ascii.eml');
    expect(mail.text).toContain(
      'the “Premium” descaler costs €12.50 – but I was charged €14.90 at checkout…',
    );
    expect(mail.problems).toEqual([
      'text/plain part: declared "us-ascii" but has 8-bit bytes and not valid UTF-8: decoded as windows-1252',
    ]);
  });
});

describe('charset aliases in bodies and encoded words', () => {
  test.each([
    [
      'charset-latin1.eml',
      'Expédition',
      '',
      'Votre commande a été expédiée. Ça arrive bientôt : à très vite !',
    ],
    ['charset-cp1252.eml', 'Price € 49 – “special”', '', 'The “special” price is €49 – valid until Friday…'],
    ['charset-utf8-alias.eml', 'Grüße', '', 'Schöne Grüße aus Köln ☕'],
    [
      'charset-ks-c-5601-1987.eml',
      '배송 문의',
      '김민준',
      '안녕하세요. 주문한 주전자가 아직 도착하지 않았습니다.',
    ],
    ['charset-gb2312.eml', '订单查询', '王伟', '您好，我的订单还没有收到，请帮忙查一下。'],
    [
      'charset-shift-jis.eml',
      '発送のお知らせ',
      '佐藤花子',
      'ご注文ありがとうございます。ケトルの発送は来週になります。',
    ],
    [
      'charset-iso-2022-jp.eml',
      'ケトルの返品について',
      '鈴木一郎',
      'ケトルを返品したいです。手順を教えてください。',
    ],
  ])('%s', async (name, subject, fromName, text) => {
    const mail = await parse(name);
    expect(mail.subject).toBe(subject);
    if (fromName !== '') expect(mail.from?.name).toBe(fromName);
    expect(mail.text.trim()).toBe(text);
    expect(mail.problems).toEqual([]);
  });
});
