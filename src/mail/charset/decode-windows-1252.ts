/**
 * Code points of the bytes 0x80–0x9F in windows-1252, from the WHATWG Encoding Standard index.
 * The five bytes the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1
 * control of the same number, as browsers do, so that no byte ever becomes U+FFFD.
 */
const C1_RANGE = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decodes windows-1252, the fallback for 8-bit text that is not UTF-8 and has no usable charset.
 * Every byte decodes to exactly one character, so the result never contains U+FFFD.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (char) =>
    String.fromCharCode(C1_RANGE[char.charCodeAt(0) - 0x80] ?? 0xfffd),
  );
}
