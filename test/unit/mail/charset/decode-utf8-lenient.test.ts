import fc from 'fast-check';
import { expect, test } from 'vitest';
import { decodeUtf8Lenient } from '../../../../src/mail/charset/decode-utf8-lenient.js';

test('valid UTF-8 decodes exactly as UTF-8', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      expect(decodeUtf8Lenient(Buffer.from(text, 'utf8'))).toBe(text);
    }),
  );
});

test('overlong forms, surrogates and truncated sequences fall back byte by byte', () => {
  expect(decodeUtf8Lenient(Buffer.from([0xc0, 0xaf]))).toBe('À¯');
  expect(decodeUtf8Lenient(Buffer.from([0xed, 0xa0, 0x80]))).toBe('í\u00a0€');
  expect(decodeUtf8Lenient(Buffer.from([0x41, 0xe2, 0x82]))).toBe('Aâ‚');
  expect(decodeUtf8Lenient(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe('ô\u0090€€');
});

test('never yields U+FFFD', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(decodeUtf8Lenient(Buffer.from(bytes))).not.toContain('\uFFFD');
    }),
  );
});
