import { plainTextBody, subjectLine } from './mail-text.js';
import { SeededRandom } from './seeded-random.js';

/** One kind of mail in a corpus: its share of the messages and its size range in octets. */
export interface MailShape {
  readonly share: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  /** True: multipart/mixed with a short text part and a base64 attachment. False: one 8-bit text part. */
  readonly attachment: boolean;
}

/** What to generate: the same spec always yields the same bytes. */
export interface CorpusSpec {
  readonly seed: number;
  readonly messages: number;
  readonly shapes: readonly MailShape[];
}

/** Generated messages, in delivery order. */
export interface Corpus {
  readonly messages: readonly Buffer[];
  readonly totalBytes: number;
}

const SENDERS = [
  ['Anna Schröder', 'anna.schroeder@kunde.example.de'],
  ['Tom Baker', 'tom@baker-logistics.example.com'],
  ['Chloé Dubois', 'c.dubois@exemple.example.fr'],
  ['María Núñez', 'maria.nunez@correo.example.es'],
  ['IT Helpdesk', 'helpdesk@corp.example.net'],
] as const;

const ATTACHMENTS = [
  ['application/pdf', 'invoice', 'pdf'],
  ['image/jpeg', 'screenshot', 'jpg'],
  ['application/zip', 'logs', 'zip'],
] as const;

const BASE64_LINE = 76;
const CRLF_BYTES = 2;

/**
 * Generates realistic RFC 5322 mails with CRLF line ends: exactly round(share * messages) mails of
 * each shape, in a seeded random order, each sized uniformly within its shape's range.
 * @throws RangeError when the shares do not add up to 1 or a size range is empty.
 */
export function generateCorpus(spec: CorpusSpec): Corpus {
  const shares = spec.shapes.reduce((sum, shape) => sum + shape.share, 0);
  if (Math.abs(shares - 1) > 1e-9) throw new RangeError(`the shape shares add up to ${shares}, not 1`);
  for (const shape of spec.shapes) {
    if (!(shape.minBytes > 0 && shape.minBytes <= shape.maxBytes)) {
      throw new RangeError(`invalid size range ${shape.minBytes}..${shape.maxBytes}`);
    }
  }
  const random = new SeededRandom(spec.seed);
  const plan: MailShape[] = [];
  spec.shapes.forEach((shape, index) => {
    const isLast = index === spec.shapes.length - 1;
    const count = isLast ? spec.messages - plan.length : Math.round(shape.share * spec.messages);
    for (let i = 0; i < count; i += 1) plan.push(shape);
  });
  random.shuffle(plan);
  const messages = plan.map((shape, index) =>
    generateMail(random, index, random.int(shape.minBytes, shape.maxBytes), shape.attachment),
  );
  return { messages, totalBytes: messages.reduce((sum, message) => sum + message.length, 0) };
}

/** One mail of about `targetBytes` octets (plain text ones may overshoot by one paragraph). */
export function generateMail(
  random: SeededRandom,
  index: number,
  targetBytes: number,
  attachment: boolean,
): Buffer {
  const boundary = `=_popdesk_${random.nextUint32().toString(16)}_${index}`;
  const headers = headerBlock(
    random,
    index,
    attachment
      ? `multipart/mixed; boundary="${boundary}"`
      : 'text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit',
  );
  if (!attachment) {
    return Buffer.from(`${headers}\r\n${plainTextBody(random, targetBytes - headers.length)}`, 'latin1');
  }
  const [type, stem, extension] = random.pick(ATTACHMENTS);
  const filename = `${stem}-${index}.${extension}`;
  const opening = [
    headers,
    '\r\nThis is a multi-part message in MIME format.\r\n\r\n',
    `--${boundary}\r\n`,
    'Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
    plainTextBody(random, random.int(600, 3000)),
    `\r\n--${boundary}\r\n`,
    `Content-Type: ${type}; name="${filename}"\r\n`,
    `Content-Disposition: attachment; filename="${filename}"\r\n`,
    'Content-Transfer-Encoding: base64\r\n\r\n',
  ].join('');
  const closing = `--${boundary}--\r\n`;
  const room = Math.max(0, targetBytes - opening.length - closing.length);
  // Each 57 raw bytes become one 76-character base64 line plus CRLF.
  const rawBytes = Math.max(57, Math.floor(room / (BASE64_LINE + CRLF_BYTES)) * 57);
  return Buffer.concat([
    Buffer.from(opening, 'latin1'),
    base64Lines(random.bytes(rawBytes)),
    Buffer.from(closing, 'latin1'),
  ]);
}

function headerBlock(random: SeededRandom, index: number, contentType: string): string {
  const [name, address] = random.pick(SENDERS);
  const domain = address.slice(address.indexOf('@') + 1);
  const date = rfc5322Date(new Date(Date.UTC(2024, 2, 1) + index * 97_000 + random.int(0, 90_000)));
  const relay = random.int(2, 250);
  return [
    `Return-Path: <${address}>`,
    'Delivered-To: support@example.com',
    `Received: from mail${relay}.${domain} (mail${relay}.${domain} [192.0.2.${relay}])`,
    `\tby mx.example.com (Postfix) with ESMTPS id ${random.nextUint32().toString(16).toUpperCase()}`,
    `\tfor <support@example.com>; ${date}`,
    `Date: ${date}`,
    `From: ${encodedWord(name)} <${address}>`,
    'To: Example Support <support@example.com>',
    `Subject: ${subjectLine(random, 10_000 + index)}`,
    `Message-ID: <${random.nextUint32().toString(36)}.${index}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
    '',
  ].join('\r\n');
}

/** An RFC 2047 Q-encoded word for a Latin-1 display name; ASCII names stay as they are. */
function encodedWord(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name}"`;
  const encoded = Array.from(Buffer.from(name, 'latin1'), (byte) =>
    byte === 0x20
      ? '_'
      : byte > 0x7e || byte === 0x3d || byte === 0x3f || byte === 0x5f
        ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte),
  ).join('');
  return `=?iso-8859-1?Q?${encoded}?=`;
}

function rfc5322Date(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (value: number): string => String(value).padStart(2, '0');
  return (
    `${days[date.getUTCDay()]}, ${two(date.getUTCDate())} ${months[date.getUTCMonth()]} ` +
    `${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:` +
    `${two(date.getUTCSeconds())} +0000`
  );
}

/** Base64 in 76-character lines, each ending in CRLF (RFC 2045 section 6.8). */
function base64Lines(raw: Buffer): Buffer {
  const encoded = Buffer.from(raw.toString('base64'), 'latin1');
  const lineCount = Math.ceil(encoded.length / BASE64_LINE);
  const out = Buffer.allocUnsafe(encoded.length + lineCount * CRLF_BYTES);
  let offset = 0;
  for (let start = 0; start < encoded.length; start += BASE64_LINE) {
    offset += encoded.copy(out, offset, start, Math.min(start + BASE64_LINE, encoded.length));
    out[offset] = 0x0d;
    out[offset + 1] = 0x0a;
    offset += CRLF_BYTES;
  }
  return out;
}
