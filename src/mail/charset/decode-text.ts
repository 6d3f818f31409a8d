import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { decodeIso2022Jp } from './decode-iso-2022-jp.js';
import { decodeUtf8Lenient } from './decode-utf8-lenient.js';
import { decodeWindows1252 } from './decode-windows-1252.js';
import type { DecodedText } from './decoded-text.js';
import { resolveCharset } from './resolve-charset.js';

/**
 * Decodes text bytes (a body part, a header value, an encoded word) whatever their label claims.
 * One bad charset never makes a mail unreadable:
 *
 * - no label, or `us-ascii` over 8-bit bytes: UTF-8 when the bytes are valid UTF-8, else windows-1252;
 * - an unknown or refused label: the same guess, with a problem saying so;
 * - UTF-8 with invalid bytes: those bytes alone are read as windows-1252;
 * - ISO-8859-1 and its aliases: windows-1252, a superset every browser uses for them;
 * - anything else iconv-lite (or `decodeIso2022Jp`) decodes: as labelled.
 *
 * The result never contains U+FFFD for a byte the fallback decodes; only a multibyte charset can
 * still yield U+FFFD, for sequences that are invalid in it, and that is reported.
 */
export function decodeText(bytes: Buffer, label: string | undefined): DecodedText {
  const charset = resolveCharset(label);
  switch (charset.kind) {
    case 'none':
      return guessed(bytes, 'no charset declared', false);
    case 'ascii':
      return isAscii(bytes)
        ? plain(bytes)
        : guessed(bytes, `declared "${label?.trim()}" but has 8-bit bytes`, true);
    case 'utf-8':
      return isUtf8(bytes)
        ? plain(bytes)
        : {
            text: decodeUtf8Lenient(bytes),
            problem: 'declared UTF-8 but has invalid bytes: read those as windows-1252',
          };
    case 'windows-1252':
      return { text: decodeWindows1252(bytes), problem: undefined };
    case 'iso-2022-jp':
      return checked(decodeIso2022Jp(bytes), label);
    case 'iconv':
      return checked(iconv.decode(bytes, charset.encoding), label);
    case 'refused':
      return guessed(bytes, `charset "${charset.label}" is never decoded`, true);
    case 'unknown':
      return guessed(bytes, `unknown charset "${charset.label}"`, true);
  }
}

function plain(bytes: Buffer): DecodedText {
  return { text: bytes.toString('utf8'), problem: undefined };
}

/**
 * UTF-8 if the bytes are valid UTF-8, else windows-1252. A UTF-8 guess is reported when the label
 * said otherwise (`reportUtf8`), not when there was no label: raw UTF-8 is legal in headers (RFC 6532).
 */
function guessed(bytes: Buffer, reason: string, reportUtf8: boolean): DecodedText {
  if (isUtf8(bytes)) {
    return { text: bytes.toString('utf8'), problem: reportUtf8 ? `${reason}: decoded as UTF-8` : undefined };
  }
  return {
    text: decodeWindows1252(bytes),
    problem: `${reason} and not valid UTF-8: decoded as windows-1252`,
  };
}

function checked(text: string, label: string | undefined): DecodedText {
  const problem = text.includes('\uFFFD')
    ? `bytes invalid in charset "${label?.trim()}" were replaced`
    : undefined;
  return { text, problem };
}
