import { decodeWindows1252 } from './decode-windows-1252.js';

/**
 * Decodes UTF-8, reading each byte that is not part of a well-formed UTF-8 sequence as
 * windows-1252 instead of turning it into U+FFFD. Meant for text declared as UTF-8 that has a few
 * stray Latin-1 bytes in it (a signature pasted from an old client, a form mailer that declared
 * the wrong charset): the UTF-8 stays UTF-8 and the stray bytes still read as the letters they were.
 */
export function decodeUtf8Lenient(bytes: Buffer): string {
  let text = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += bytes.toString('utf8', runStart, i) + decodeWindows1252(bytes.subarray(i, i + 1));
    i += 1;
    runStart = i;
  }
  return text + bytes.toString('utf8', runStart, i);
}

/**
 * Length of the well-formed UTF-8 sequence starting at `at`, or 0 when there is none (RFC 3629
 * table 3.7: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
function utf8SequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at] ?? 0;
  if (lead < 0x80) return 1;
  let length: number;
  let secondMin = 0x80;
  let secondMax = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) secondMin = 0xa0;
    if (lead === 0xed) secondMax = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) secondMin = 0x90;
    if (lead === 0xf4) secondMax = 0x8f;
  } else return 0;
  if (at + length > bytes.length) return 0;
  const second = bytes[at + 1] ?? 0;
  if (second < secondMin || second > secondMax) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[at + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}
