import { expect, test } from 'vitest';
import { decodeIso2022Jp } from '../../../../src/mail/charset/decode-iso-2022-jp.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

test('JIS X 0208 between ESC $ B and ESC ( B', () => {
  expect(decodeIso2022Jp(bytes('\x1b$B$3$s$K$A$O\x1b(B, world'))).toBe('こんにちは, world');
});

test('the 1978 designation ESC $ @ and JIS X 0201 Roman ESC ( J', () => {
  expect(decodeIso2022Jp(bytes('\x1b$@$3\x1b(Jabc'))).toBe('こabc');
});

test('half-width katakana by ESC ( I, by SO/SI and as 8-bit bytes', () => {
  expect(decodeIso2022Jp(bytes('\x1b(I1\x1b(B \x0e2\x0f \xb3'))).toBe('ｱ ｲ ｳ');
});

test('line ends pass through a run left in kanji mode', () => {
  expect(decodeIso2022Jp(bytes('\x1b$B$3\r\n$s\x1b(B'))).toBe('こ\r\nん');
});

test('a truncated double-byte character does not swallow what follows', () => {
  expect(decodeIso2022Jp(bytes('\x1b$B$'))).toBe('?');
});
