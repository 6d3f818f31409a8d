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

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/**
 * Splits the header block of a raw message into fields, up to the first empty line. Tolerates LF
 * line ends, a leading mbox `From ` line and junk lines (skipped); never throws.
 */
export function readHeaderBlock(raw: Buffer): HeaderBlock {
  const fields: HeaderField[] = [];
  let current: { name: string; parts: Buffer[] } | undefined;
  const flush = (): void => {
    if (current) fields.push({ name: current.name, value: trimSpace(Buffer.concat(current.parts)) });
    current = undefined;
  };
  let offset = 0;
  while (offset < raw.length) {
    const newline = raw.indexOf(LF, offset);
    const next = newline === -1 ? raw.length : newline + 1;
    let end = newline === -1 ? raw.length : newline;
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
  return { fields, bodyOffset: raw.length };
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
