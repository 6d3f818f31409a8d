import iconv from 'iconv-lite';

/**
 * What a charset label means for decoding. Labels are compared the way iconv-lite compares them
 * (case and punctuation ignored), so every alias iconv-lite knows (`latin1`, `cp1252`,
 * `ks_c_5601-1987`, `x-sjis`, …) resolves without a table of our own.
 */
export type Charset =
  /** No label at all. */
  | { readonly kind: 'none' }
  /** `us-ascii` and its aliases: a promise of 7-bit text that 8-bit mail often breaks. */
  | { readonly kind: 'ascii' }
  | { readonly kind: 'utf-8' }
  /** windows-1252, and ISO-8859-1 under any name: mail labelled Latin-1 uses 0x80–0x9F as windows-1252 does (WHATWG). */
  | { readonly kind: 'windows-1252' }
  /** iconv-lite has no ISO-2022-JP; see `decodeIso2022Jp`. */
  | { readonly kind: 'iso-2022-jp' }
  /** Any other charset iconv-lite decodes, by the name iconv-lite knows it under. */
  | { readonly kind: 'iconv'; readonly encoding: string }
  /** A label iconv-lite knows that is not a text charset to trust (UTF-7 can smuggle `<script>` past filters; base64 and hex are transfer encodings). */
  | { readonly kind: 'refused'; readonly label: string }
  | { readonly kind: 'unknown'; readonly label: string };

const ISO_2022_JP = new Set(['iso2022jp', 'csiso2022jp', 'iso2022jp1', 'iso2022jp2', 'iso2022jp3']);
const REFUSED = new Set(['utf7', 'utf7imap', 'base64', 'hex'].map((name) => iconv.getCodec(name)));
const ASCII = iconv.getCodec('ascii');
const UTF8 = iconv.getCodec('utf8');
const WINDOWS_1252 = new Set([iconv.getCodec('windows-1252'), iconv.getCodec('latin1')]);

/** Resolves a charset label from a Content-Type parameter or an encoded word. */
export function resolveCharset(label: string | undefined): Charset {
  const name = (label ?? '').trim().replace(/^["']+|["']+$/g, '');
  if (name === '') return { kind: 'none' };
  const compact = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (ISO_2022_JP.has(compact)) return { kind: 'iso-2022-jp' };
  // Experimental `x-` names (x-mac-roman, x-euc-jp) usually name a charset iconv-lite knows without it.
  const encoding = [name, name.replace(/^x-/i, '')].find((candidate) => iconv.encodingExists(candidate));
  if (encoding === undefined) return { kind: 'unknown', label: name };
  const codec = iconv.getCodec(encoding);
  if (REFUSED.has(codec)) return { kind: 'refused', label: name };
  if (codec === ASCII) return { kind: 'ascii' };
  if (codec === UTF8) return { kind: 'utf-8' };
  if (WINDOWS_1252.has(codec)) return { kind: 'windows-1252' };
  return { kind: 'iconv', encoding };
}
