import { expect, test } from 'vitest';
import { decodeWindows1252 } from '../../../../src/mail/charset/decode-windows-1252.js';

test('the 0x80–0x9F range, including the five undefined bytes', () => {
  const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i));
  expect(decodeWindows1252(bytes)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
});

test('ASCII and the Latin-1 range are themselves', () => {
  expect(decodeWindows1252(Buffer.from('Renée à 12 °C', 'latin1'))).toBe('Renée à 12 °C');
});

test('a view into a larger buffer decodes only its own bytes', () => {
  const whole = Buffer.from('xxRenéexx', 'latin1');
  expect(decodeWindows1252(whole.subarray(2, 7))).toBe('Renée');
});
