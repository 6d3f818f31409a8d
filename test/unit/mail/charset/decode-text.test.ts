import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { decodeText } from '../../../../src/mail/charset/decode-text.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('no usable charset', () => {
  test.each([
    undefined,
    '',
    'us-ascii',
    'ascii',
    'ANSI_X3.4-1968',
    'x-unknown',
    'utf-7',
    'unicode-1-1-utf-7',
  ])('label %j over Latin-1 bytes reads as windows-1252', (label) => {
    const decoded = decodeText(latin1('Renée, facture erronée'), label);
    expect(decoded.text).toBe('Renée, facture erronée');
    expect(decoded.problem).toMatch(/decoded as windows-1252$/);
  });

  test.each([undefined, 'us-ascii', 'x-unknown'])('label %j over UTF-8 bytes reads as UTF-8', (label) => {
    expect(decodeText(utf8('Grüße ☕'), label).text).toBe('Grüße ☕');
  });

  test('no label over UTF-8 is no problem; a label that lied or is unknown is', () => {
    expect(decodeText(utf8('Grüße'), undefined).problem).toBeUndefined();
    expect(decodeText(utf8('Grüße'), 'us-ascii').problem).toBe(
      'declared "us-ascii" but has 8-bit bytes: decoded as UTF-8',
    );
    expect(decodeText(utf8('Grüße'), 'x-unknown').problem).toBe(
      'unknown charset "x-unknown": decoded as UTF-8',
    );
  });

  test('7-bit text under us-ascii is no problem', () => {
    expect(decodeText(latin1('plain'), 'us-ascii')).toEqual({ text: 'plain', problem: undefined });
  });

  test('UTF-7 is never decoded: it could turn +ADw-script+AD4- into <script>', () => {
    expect(decodeText(latin1('+ADw-script+AD4-'), 'utf-7')).toEqual({
      text: '+ADw-script+AD4-',
      problem: 'charset "utf-7" is never decoded: decoded as UTF-8',
    });
  });
});

describe('labels that are right', () => {
  test.each([
    ['iso-8859-1', 'latin1'],
    ['latin1', 'latin1'],
    ['ISO_8859-1:1987', 'latin1'],
    ['cp1252', 'windows-1252'],
    ['windows-1252', 'windows-1252'],
    ['iso-8859-15', 'iso-8859-15'],
    ['koi8-r', 'koi8-r'],
    ['ks_c_5601-1987', 'cp949'],
    ['gb2312', 'gbk'],
    ['shift_jis', 'shift_jis'],
    ['"utf8"', 'utf8'],
  ])('%s', (label, encoding) => {
    const sample: Record<string, string> = {
      latin1: 'Renée à Noël',
      'windows-1252': '“€12” – …',
      'iso-8859-15': 'Prix 12 €',
      'koi8-r': 'Здравствуйте',
      cp949: '안녕하세요',
      gbk: '您好',
      shift_jis: 'ご注文',
      utf8: 'Grüße ☕',
    };
    const text = sample[encoding]!;
    expect(decodeText(iconv.encode(text, encoding), label)).toEqual({ text, problem: undefined });
  });

  test('ISO-8859-1 labels read 0x80–0x9F as windows-1252 does, as mail clients do', () => {
    expect(decodeText(Buffer.from([0x93, 0x68, 0x69, 0x94, 0x20, 0x80]), 'iso-8859-1').text).toBe('“hi” €');
  });

  test('ISO-2022-JP', () => {
    const bytes = Buffer.from('\x1b$B%1%H%k\x1b(B kettle', 'latin1');
    expect(decodeText(bytes, 'ISO-2022-JP')).toEqual({ text: 'ケトル kettle', problem: undefined });
  });
});

describe('labels that are wrong', () => {
  test('UTF-8 with a stray Latin-1 byte: only that byte falls back', () => {
    const bytes = Buffer.concat([utf8('Grüße von '), latin1('Renée')]);
    expect(decodeText(bytes, 'utf-8')).toEqual({
      text: 'Grüße von Renée',
      problem: 'declared UTF-8 but has invalid bytes: read those as windows-1252',
    });
  });

  test('invalid sequences of a multibyte charset are reported', () => {
    const decoded = decodeText(Buffer.from([0x82, 0xb1, 0x82]), 'shift_jis');
    expect(decoded.text.startsWith('こ')).toBe(true);
    expect(decoded.problem).toBe('bytes invalid in charset "shift_jis" were replaced');
  });
});

test('no byte sequence ever yields U+FFFD through the fallbacks', () => {
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  for (const label of [undefined, 'us-ascii', 'utf-8', 'iso-8859-1', 'x-unknown']) {
    expect(decodeText(everyByte, label).text, String(label)).not.toContain('\uFFFD');
  }
});
