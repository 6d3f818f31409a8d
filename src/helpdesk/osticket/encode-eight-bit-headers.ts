import { formatAddress, type InboundMail, type MailAddress, rawHeaderSection } from '../../mail/index.js';

/**
 * Bytes per B-encoded word: 39 make 52 characters of base64, a 64-character word, so even the
 * first line (`Reply-To: ` before it) stays within 78 characters (RFC 2047 section 2 allows 75 per word).
 */
const MAX_WORD_BYTES = 39;
/** Printable ASCII: goes into a header as it is. */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The header fields osTicket turns into ticket fields, and where popdesk's reading of each is. */
const REWRITTEN: ReadonlyMap<string, (mail: InboundMail) => string | undefined> = new Map([
  ['subject', (mail: InboundMail) => encodeWords(mail.subject)],
  ['from', (mail: InboundMail) => (mail.from === undefined ? undefined : encodeAddresses([mail.from]))],
  ['reply-to', (mail: InboundMail) => encodeAddresses(mail.replyTo)],
  ['to', (mail: InboundMail) => encodeAddresses(mail.to)],
  ['cc', (mail: InboundMail) => encodeAddresses(mail.cc)],
]);

/**
 * The raw mail with every Subject, From, Reply-To, To and Cc field whose bytes are not UTF-8
 * (undeclared 8-bit Latin-1 from old clients) written again as RFC 2047 UTF-8 encoded words from
 * popdesk's own decoding of it; every other byte is left as it was, and a mail with no such field
 * is returned as is. osTicket 1.18.1 keeps the thread entry's title of such a mail but stores NULL
 * as the ticket's subject (`ost_ticket__cdata.subject`), so agents would see a ticket without one;
 * with encoded words it reads the subject like any other. Raw UTF-8 (RFC 6532) it reads itself,
 * so that is left alone. Pure.
 */
export function encodeEightBitHeaders(raw: Buffer, mail: InboundMail): Buffer {
  const section = rawHeaderSection(raw);
  const pieces: Buffer[] = [];
  let changed = false;
  for (const field of headerFields(section)) {
    const name = /^([^:\s]+)\s*:/.exec(field.toString('latin1'))?.[1]?.toLowerCase();
    const rewrite = name === undefined ? undefined : REWRITTEN.get(name);
    const value = rewrite !== undefined && !isUtf8(field) ? rewrite(mail) : undefined;
    if (value === undefined) {
      pieces.push(field);
      continue;
    }
    const colon = field.indexOf(0x3a);
    const lineEnd = field.includes('\r\n') ? '\r\n' : '\n';
    pieces.push(
      field.subarray(0, colon + 1),
      Buffer.from(` ${value.replaceAll('\n', lineEnd)}${lineEnd}`, 'latin1'),
    );
    changed = true;
  }
  if (!changed) return raw;
  return Buffer.concat([...pieces, raw.subarray(section.length)]);
}

/**
 * The header section cut into fields (each with its folded lines and line end), the blank line
 * that ends it as the last piece; concatenated they are the section again.
 */
function headerFields(section: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  let position = 0;
  while (position < section.length) {
    const newline = section.indexOf(0x0a, position);
    const next = newline === -1 ? section.length : newline + 1;
    const following = section[next];
    // A field goes on while the next line starts with white space (RFC 5322 section 2.2.3).
    const continues = following === 0x20 || following === 0x09;
    const blank = next - position <= 2 && (section[position] === 0x0d || section[position] === 0x0a);
    if (!continues || blank) {
      fields.push(section.subarray(start, next));
      start = next;
    }
    position = next;
  }
  if (start < section.length) fields.push(section.subarray(start));
  return fields;
}

function isUtf8(bytes: Buffer): boolean {
  if (!bytes.some((byte) => byte >= 0x80)) return true;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** `text` as folded UTF-8 B-encoded words, split between characters; plain when it is ASCII. */
function encodeWords(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    if (Buffer.byteLength(chunk + character, 'utf8') > MAX_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk !== '') words.push(chunk);
  // White space between two encoded words is not part of the text (RFC 2047 section 6.2).
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\n ');
}

function encodeAddresses(addresses: readonly MailAddress[]): string | undefined {
  if (addresses.length === 0) return undefined;
  return addresses
    .map((entry) => {
      const plain = formatAddress(entry, 'when-needed');
      if (PRINTABLE_ASCII.test(plain)) return plain;
      return `${encodeWords(entry.name.trim())} <${entry.address}>`;
    })
    .join(',\n ');
}
