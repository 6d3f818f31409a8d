/** The MIME header fields whose parameters name a file. */
const FILE_NAME_FIELDS = new Set(['content-type', 'content-disposition']);
/** A parameter: name, `=`, then a quoted string or a token (RFC 2045 section 5.1). */
const PARAMETER = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]*)/g;
/** `name*<n>` or `name*<n>*`: one section of a continued value (RFC 2231 section 3). */
const SECTION = /^(.+)\*(\d+)(\*?)$/;
/** Bytes that may stay as they are in an RFC 2231 extended value (`attribute-char`). */
const ATTRIBUTE_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly replacement: Buffer;
}

/**
 * The raw mail with every MIME part's file name written as RFC 2231 continuations with charset
 * (`filename*0*=utf-8''R%C3%A9sum%C3%A9%20of%20;` `filename*1*=the.txt`, as Thunderbird and Apple
 * Mail write long non-ASCII names) joined into one extended value (`filename*=utf-8''...`), the
 * same bytes in the same charset. osTicket 1.18.1's MIME parser drops such an attachment from the
 * ticket altogether; a single extended value or plain continuations (`filename*0="..."`) it reads.
 * Only those header fields change; a mail without any is returned as is. Pure.
 */
export function joinParameterContinuations(raw: Buffer): Buffer {
  const edits: Edit[] = [];
  collectEdits(raw, 0, raw.length, edits, 0);
  if (edits.length === 0) return raw;
  const pieces: Buffer[] = [];
  let position = 0;
  for (const edit of edits) {
    pieces.push(raw.subarray(position, edit.start), edit.replacement);
    position = edit.end;
  }
  pieces.push(raw.subarray(position));
  return Buffer.concat(pieces);
}

/** Finds the fields to rewrite in the entity `raw[start, end)` and, for a multipart, in its parts. */
function collectEdits(raw: Buffer, start: number, end: number, edits: Edit[], depth: number): void {
  // Deeper than any real mail nests; a hostile one gets no further work.
  if (depth > 20) return;
  const fields = headerFields(raw, start, end);
  let boundary: string | undefined;
  for (const field of fields.list) {
    const text = raw.subarray(field.start, field.end).toString('latin1');
    const name = /^([^:\s]+)\s*:/.exec(text)?.[1]?.toLowerCase();
    if (name === undefined || !FILE_NAME_FIELDS.has(name)) continue;
    if (name === 'content-type' && /^content-type\s*:\s*multipart\//i.test(text)) {
      boundary = parameters(unfold(text)).find(
        (parameter) => parameter.name.toLowerCase() === 'boundary',
      )?.value;
    }
    const joined = joinedField(text);
    if (joined !== undefined) {
      edits.push({ start: field.start, end: field.end, replacement: Buffer.from(joined, 'latin1') });
    }
  }
  if (boundary === undefined || boundary === '') return;
  for (const part of partsOf(raw, fields.bodyStart, end, boundary)) {
    collectEdits(raw, part.start, part.end, edits, depth + 1);
  }
}

/** The header fields of the entity at `start` (folded lines kept) and where its body starts. */
function headerFields(
  raw: Buffer,
  start: number,
  end: number,
): { list: Array<{ start: number; end: number }>; bodyStart: number } {
  const list: Array<{ start: number; end: number }> = [];
  let position = start;
  while (position < end) {
    const newline = raw.indexOf(0x0a, position);
    const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
    const blank = raw[position] === 0x0a || (raw[position] === 0x0d && raw[position + 1] === 0x0a);
    if (blank) return { list, bodyStart: lineEnd };
    const folded = raw[position] === 0x20 || raw[position] === 0x09;
    const last = list.at(-1);
    if (folded && last !== undefined) list[list.length - 1] = { start: last.start, end: lineEnd };
    else list.push({ start: position, end: lineEnd });
    position = lineEnd;
  }
  return { list, bodyStart: end };
}

/** The parts between `--boundary` delimiter lines (RFC 2046 section 5.1.1), without the line break before each delimiter. */
function partsOf(
  raw: Buffer,
  start: number,
  end: number,
  boundary: string,
): Array<{ start: number; end: number }> {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Array<{ start: number; end: number }> = [];
  let partStart: number | undefined;
  let position = start;
  while (position < end) {
    const found = raw.indexOf(delimiter, position);
    if (found === -1 || found >= end) break;
    const atLineStart = found === start || raw[found - 1] === 0x0a;
    const newline = raw.indexOf(0x0a, found);
    const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
    if (atLineStart) {
      if (partStart !== undefined) {
        let partEnd = found - 1;
        if (raw[partEnd - 1] === 0x0d) partEnd -= 1;
        parts.push({ start: partStart, end: Math.max(partStart, partEnd) });
      }
      const closing = raw[found + delimiter.length] === 0x2d && raw[found + delimiter.length + 1] === 0x2d;
      if (closing) break;
      partStart = lineEnd;
    }
    position = lineEnd;
  }
  return parts;
}

function unfold(text: string): string {
  return text.replace(/\r?\n(?=[ \t])/g, '');
}

function parameters(value: string): Array<{ name: string; value: string; text: string }> {
  return [...value.matchAll(PARAMETER)].map((match) => {
    const quoted = match[2]?.startsWith('"') === true;
    const raw = match[2] ?? '';
    return {
      name: match[1] ?? '',
      value: quoted ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw,
      text: `${match[1]}=${raw}`,
    };
  });
}

/**
 * The field written again with each continued parameter that has an extended section joined
 * into `name*=charset'lang'<%-encoded bytes>`, one parameter per line; undefined when it has none.
 */
function joinedField(text: string): string | undefined {
  const lineEnd = text.endsWith('\r\n') ? '\r\n' : '\n';
  const unfolded = unfold(text).replace(/\r?\n$/, '');
  const head = /^[^;]*/.exec(unfolded)?.[0] ?? unfolded;
  const list = parameters(unfolded.slice(head.length));
  const sections = new Map<string, Array<{ index: number; extended: boolean; value: string }>>();
  for (const parameter of list) {
    const section = SECTION.exec(parameter.name);
    if (section === null) continue;
    const base = (section[1] ?? '').toLowerCase();
    const group = sections.get(base) ?? [];
    group.push({ index: Number(section[2]), extended: section[3] === '*', value: parameter.value });
    sections.set(base, group);
  }
  const joined = new Map<string, string>();
  for (const [base, group] of sections) {
    if (!group.some((section) => section.extended)) continue;
    group.sort((a, b) => a.index - b.index);
    const first = group[0];
    // RFC 2231: the charset and language are given in the first section only, and only if it is extended.
    const prefix = first?.extended === true ? /^([^']*)'([^']*)'/.exec(first.value) : null;
    const bytes = group.map((section, position) => {
      const value = position === 0 && prefix !== null ? section.value.slice(prefix[0].length) : section.value;
      return section.extended ? percentDecode(value) : Buffer.from(value, 'latin1');
    });
    joined.set(
      base,
      `${prefix?.[1] || 'us-ascii'}'${prefix?.[2] ?? ''}'${percentEncode(Buffer.concat(bytes))}`,
    );
  }
  if (joined.size === 0) return undefined;
  const kept: string[] = [];
  const written = new Set<string>();
  for (const parameter of list) {
    const section = SECTION.exec(parameter.name);
    const base = section?.[1]?.toLowerCase();
    const value = base === undefined ? undefined : joined.get(base);
    if (base === undefined || value === undefined) kept.push(parameter.text);
    else if (!written.has(base)) {
      // Where the first section stood; the others are dropped.
      kept.push(`${section?.[1]}*=${value}`);
      written.add(base);
    }
  }
  return `${[head.trimEnd(), ...kept].join(`;${lineEnd}\t`)}${lineEnd}`;
}

function percentDecode(value: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const hex = value.slice(index + 1, index + 3);
    if (value[index] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(value.charCodeAt(index) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function percentEncode(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    const character = String.fromCharCode(byte);
    text += ATTRIBUTE_CHAR.test(character)
      ? character
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}
