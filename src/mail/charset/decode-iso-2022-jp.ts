import iconv from 'iconv-lite';

const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;

type Mode = 'ascii' | 'jisx0208' | 'jisx0212' | 'katakana' | 'unsupported';

/** Escape sequences of ISO-2022-JP (RFC 1468) and the common extensions, by the bytes after ESC. */
const ESCAPES: ReadonlyArray<readonly [string, Mode]> = [
  ['(B', 'ascii'],
  ['(J', 'ascii'], // JIS X 0201 Roman: ASCII with ¥ and ‾, which mail clients show as \ and ~
  ['(I', 'katakana'], // JIS X 0201 half-width katakana (CP50221)
  ['$@', 'jisx0208'],
  ['$B', 'jisx0208'],
  ['$(D', 'jisx0212'], // ISO-2022-JP-1
  ['$A', 'unsupported'], // ISO-2022-JP-2 GB 2312
  ['$(C', 'unsupported'], // ISO-2022-JP-2 KS C 5601
  ['.A', 'unsupported'], // ISO-2022-JP-2 96-charset designations
  ['.F', 'unsupported'],
];

/**
 * Decodes ISO-2022-JP, which iconv-lite lacks. Its JIS X 0208/0212 and katakana runs map one to
 * one onto EUC-JP bytes (set the high bit, add the single-shift prefix), which iconv-lite decodes;
 * characters of the ISO-2022-JP-2 sets that are not Japanese come out as U+FFFD.
 */
export function decodeIso2022Jp(bytes: Buffer): string {
  const euc: number[] = [];
  let mode: Mode = 'ascii';
  let shiftedOut = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === ESC) {
      const designation = ESCAPES.find(([tail]) => matchesAt(bytes, i + 1, tail));
      if (designation) {
        mode = designation[1];
        i += designation[0].length;
        continue;
      }
    }
    if (byte === SO || byte === SI) {
      shiftedOut = byte === SO;
      continue;
    }
    // Line ends pass through whatever the mode: a sender that forgot to switch back to ASCII
    // before the line break still gets its next lines read.
    if (byte < 0x21 || byte > 0x7e) {
      // 8-bit half-width katakana (0xA1–0xDF) is how some senders write JIS X 0201 anyway.
      if (byte >= 0xa1 && byte <= 0xdf) euc.push(0x8e, byte);
      else euc.push(byte < 0x80 ? byte : 0x3f);
      continue;
    }
    const current = shiftedOut ? 'katakana' : mode;
    if (current === 'ascii') euc.push(byte);
    else if (current === 'katakana') euc.push(0x8e, byte | 0x80);
    else {
      const trail = bytes[i + 1];
      if (trail === undefined || trail < 0x21 || trail > 0x7e) {
        euc.push(0x3f);
        continue;
      }
      i += 1;
      if (current === 'jisx0208') euc.push(byte | 0x80, trail | 0x80);
      else if (current === 'jisx0212') euc.push(0x8f, byte | 0x80, trail | 0x80);
      else euc.push(0xff); // not valid EUC-JP: iconv-lite turns it into U+FFFD
    }
  }
  return iconv.decode(Buffer.from(euc), 'euc-jp');
}

function matchesAt(bytes: Buffer, at: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    if (bytes[at + k] !== text.charCodeAt(k)) return false;
  }
  return true;
}
