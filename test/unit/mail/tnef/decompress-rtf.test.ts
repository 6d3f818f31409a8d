import { expect, test } from 'vitest';
import { decompressRtf } from '../../../../src/mail/tnef/decompress-rtf.js';
import { TnefFormatError } from '../../../../src/mail/tnef/tnef-format-error.js';

function header(compressedSize: number, rawSize: number, type: string): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt32LE(compressedSize, 0);
  bytes.writeUInt32LE(rawSize, 4);
  bytes.write(type, 8, 'latin1');
  return bytes;
}

test('literals and a dictionary reference, as MS-OXRTFCP 3.1.1.1 describes', () => {
  // Control 0b0000_0100: two literals "ab", then a run of 3 from dictionary offset 207 (where
  // "ab" was written), then the end marker is missing: the input just ends.
  const body = Buffer.from([0x04, 0x61, 0x62, (207 >> 4) & 0xff, ((207 & 0x0f) << 4) | 1]);
  const stream = Buffer.concat([header(12 + body.length, 5, 'LZFu'), body]);
  expect(decompressRtf(stream).toString('latin1')).toBe('ababa');
});

test('a declared size of 4 GiB with 4 bytes of input allocates for the input, not the claim', () => {
  const stream = Buffer.concat([
    header(12 + 5, 0xffffffff, 'LZFu'),
    Buffer.from([0x00, 0x7b, 0x5c, 0x72, 0x74]),
  ]);
  expect(decompressRtf(stream).toString('latin1')).toBe('{\\rt');
});

test('an uncompressed (MELA) stream is returned as it is', () => {
  const stream = Buffer.concat([header(12 + 6, 6, 'MELA'), Buffer.from('{\\rtf}')]);
  expect(decompressRtf(stream).toString('latin1')).toBe('{\\rtf}');
});

test('an unknown compression type or a short header is a TnefFormatError', () => {
  expect(() => decompressRtf(header(12, 0, 'ABCD'))).toThrow(TnefFormatError);
  expect(() => decompressRtf(Buffer.alloc(8))).toThrow(TnefFormatError);
});
