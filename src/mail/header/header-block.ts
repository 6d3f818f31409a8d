/** One header field of the message header, unfolded, its value still raw bytes. */
export interface HeaderField {
  /** Lower-cased field name. */
  readonly name: string;
  /** The value with folding line breaks replaced by one space, trimmed; not decoded in any way. */
  readonly value: Buffer;
}

/** The top-level header of a raw message, split by hand so it can be read even when MIME parsing fails. */
export interface HeaderBlock {
  readonly fields: readonly HeaderField[];
  /** Offset of the first body byte; `raw.length` when the message has no body separator. */
  readonly bodyOffset: number;
}

/**
 * Header bytes split into fields, at most: mailparser's own limit for one header block (1 MB).
 * Past it a hostile mail (a subject of 640k encoded words) would cost time for nothing; the body
 * is still found after it.
 */
export const MAX_HEADER_BLOCK_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/**
 * Splits the header block of a raw message into fields, up to the first empty line. Tolerates LF
 * line ends, a leading mbox `From ` line and junk lines (skipped); never throws. Only the first
 * {@link MAX_HEADER_BLOCK_BYTES} are split into fields (a field crossing that point is cut there).
 */
export function readHeaderBlock(raw: Buffer): HeaderBlock {
  const fields: HeaderField[] = [];
  let current: { name: string; parts: Buffer[] } | undefined;
  const flush = (): void => {
    if (current) fields.push({ name: current.name, value: trimSpace(Buffer.concat(current.parts)) });
    current = undefined;
  };
  const fieldsEnd = Math.min(raw.length, MAX_HEADER_BLOCK_BYTES);
  let offset = 0;
  while (offset < fieldsEnd) {
    const newline = raw.indexOf(LF, offset);
    const next = newline === -1 ? raw.length : newline + 1;
    let end = Math.min(newline === -1 ? raw.length : newline, fieldsEnd);
    if (end > offset && raw[end - 1] === CR) end -= 1;
    const line = raw.subarray(offset, end);
    offset = next;
    if (line.length === 0) {
      flush();
      return { fields, bodyOffset: offset };
    }
    const first = line[0];
    if (first === SPACE || first === TAB) {
      current?.parts.push(Buffer.from(' '), trimSpace(line));
      continue;
    }
    flush();
    const colon = line.indexOf(COLON);
    const name = colon > 0 ? line.toString('latin1', 0, colon).trim() : '';
    if (/^[\x21-\x39\x3b-\x7e]+$/.test(name)) {
      current = { name: name.toLowerCase(), parts: [line.subarray(colon + 1)] };
    }
  }
  flush();
  return { fields, bodyOffset: offset < raw.length ? bodyAfter(raw, offset) : raw.length };
}

/** Offset of the body of a header block too long to split, searched from `from` on. */
function bodyAfter(raw: Buffer, from: number): number {
  // The line before `from` may have ended right at it: search from its line break.
  const start = Math.max(from - 1, 0);
  const lf = raw.indexOf('\n\n', start);
  const crlf = raw.indexOf('\n\r\n', start);
  if (lf === -1 && crlf === -1) return raw.length;
  if (crlf === -1 || (lf !== -1 && lf < crlf)) return lf + 2;
  return crlf + 3;
}

function trimSpace(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  while (start < end && isSpace(bytes[start])) start += 1;
  while (end > start && isSpace(bytes[end - 1])) end -= 1;
  return bytes.subarray(start, end);
}

function isSpace(byte: number | undefined): boolean {
  return byte === SPACE || byte === TAB || byte === CR || byte === LF;
}
