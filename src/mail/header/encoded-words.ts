import { decodeText } from '../charset/decode-text.js';
import type { DecodedText } from '../charset/decoded-text.js';

/** An RFC 2047 encoded word; the charset may carry an RFC 2231 language suffix (`utf-8*de`). */
const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=/g;

/** A run of encoded words separated only by whitespace, which RFC 2047 section 6.2 says to drop. */
interface EncodedRun {
  readonly start: number;
  readonly end: number;
  /** Consecutive words of the same charset, their bytes joined, so a character split across words survives. */
  readonly segments: ReadonlyArray<{ readonly charset: string; readonly bytes: Buffer }>;
}

/** A run while it is being read: the words of each segment are joined once, when the run is done. */
interface OpenRun {
  readonly start: number;
  end: number;
  readonly segments: Array<{ readonly charset: string; readonly words: Buffer[] }>;
}

/**
 * Decodes the encoded words in a header value (already a string: raw 8-bit bytes were decoded
 * before). Each charset goes through `decodeText`, so an unknown or lying charset label falls
 * back instead of producing U+FFFD. Text outside encoded words is kept as it is.
 */
export function decodeEncodedWords(value: string): DecodedText {
  let problem: string | undefined;
  const text = replaceRuns(value, (run) =>
    run.segments
      .map((segment) => {
        const decoded = decodeText(segment.bytes, segment.charset);
        problem ??= decoded.problem && `encoded word: ${decoded.problem}`;
        return decoded.text;
      })
      .join(''),
  );
  return { text, problem };
}

/**
 * Rewrites every run of encoded words as one UTF-8 `B` encoded word of the same text, decoded by
 * `decodeText`. Lets a parser that decodes encoded words itself (mailparser's address parser) see
 * only UTF-8, so every charset is read by the same fallback rules as the rest of the mail.
 */
export function encodedWordsToUtf8(value: string): string {
  return replaceRuns(value, (run) => {
    const text = run.segments.map((segment) => decodeText(segment.bytes, segment.charset).text).join('');
    return text === '' ? '' : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
  });
}

function replaceRuns(value: string, replace: (run: EncodedRun) => string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let position = 0;
  for (const run of findRuns(value)) {
    out += value.slice(position, run.start) + replace(run);
    position = run.end;
  }
  return out + value.slice(position);
}

function findRuns(value: string): EncodedRun[] {
  const runs: OpenRun[] = [];
  for (const match of value.matchAll(ENCODED_WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const charset = (match[1] ?? '').replace(/\*.*$/, '');
    const bytes = decodeWord(match[2] ?? 'q', match[3] ?? '');
    const previous = runs[runs.length - 1];
    if (previous && isBlank(value, previous.end, start)) {
      previous.end = end;
      const last = previous.segments[previous.segments.length - 1];
      // Collected and joined once per segment: joining per word copied the whole segment each
      // time, quadratic in a subject of many thousand words.
      if (last && last.charset.toLowerCase() === charset.toLowerCase()) last.words.push(bytes);
      else previous.segments.push({ charset, words: [bytes] });
    } else {
      runs.push({ start, end, segments: [{ charset, words: [bytes] }] });
    }
  }
  return runs.map((run) => ({
    start: run.start,
    end: run.end,
    segments: run.segments.map((segment) => ({
      charset: segment.charset,
      bytes: Buffer.concat(segment.words),
    })),
  }));
}

/** True when `value` holds only whitespace from `start` to `end`, checked without copying it. */
function isBlank(value: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    if (!/\s/.test(value[index] ?? '')) return false;
  }
  return true;
}

function decodeWord(encoding: string, text: string): Buffer {
  if (encoding.toLowerCase() === 'b') return Buffer.from(text, 'base64');
  // Odd indices are the =XX escapes; a raw non-ASCII character in between is against the RFC but
  // seen in the wild, and kept as UTF-8.
  const parts = text.split(/(=[0-9a-fA-F]{2})/);
  return Buffer.concat(
    parts.map((part, index) =>
      index % 2 === 1
        ? Buffer.from([Number.parseInt(part.slice(1), 16)])
        : Buffer.from(part.replace(/_/g, ' '), 'utf8'),
    ),
  );
}
