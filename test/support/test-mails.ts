import { createHash } from 'node:crypto';

/** A generated mail and what a ticket made from it must show. */
export interface TestMail {
  readonly raw: Buffer;
  readonly subject: string;
  readonly messageId: string;
  /** SHA-256 of each attachment's decoded bytes, by file name. */
  readonly attachments: ReadonlyMap<string, string>;
}

/** Options of {@link testMails}. */
export interface TestMailOptions {
  readonly seed?: number;
  /** Make mail number `hugeIndex` carry an attachment of this many bytes (about 4/3 on the wire). */
  readonly hugeIndex?: number;
  readonly hugeBytes?: number;
  /** Distinguishes runs whose mails must not look alike to the de-duplication. */
  readonly tag?: string;
}

/**
 * Realistic, deterministic mails of mixed shape: UTF-8 and 8-bit latin1 bodies, lines that
 * start with a dot, binary attachments in base64. Every mail has a unique subject
 * `Case <tag>-<n>` so a test can tell which tickets exist and count them.
 */
export function testMails(count: number, options: TestMailOptions = {}): TestMail[] {
  const random = mulberry32(options.seed ?? 1);
  const tag = options.tag ?? 't';
  return Array.from({ length: count }, (_, n) => {
    const subject = `Case ${tag}-${n}`;
    const messageId = `case-${tag}-${n}@customers.example.com`;
    const attachments = new Map<string, string>();
    const head =
      `From: Customer ${n} <customer${n}@customers.example.com>\r\nTo: support@example.com\r\n` +
      `Subject: ${subject}\r\nMessage-ID: <${messageId}>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n`;
    const latin1 = n % 5 === 1;
    const text = latin1
      ? `Bonjour,\r\nma facture n°${n} est erronée.\r\n.Merci d'avance\r\n..\r\nRenée\r\n`
      : `Hello,\r\nticket body ${n}.\r\n.a line starting with a dot\r\n.\r\nThanks\r\n`;
    const textPart = latin1
      ? Buffer.from(
          `Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}`,
          'latin1',
        )
      : Buffer.from(
          `Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}`,
          'utf8',
        );
    const size =
      n === options.hugeIndex
        ? (options.hugeBytes ?? 0)
        : n % 10 >= 6
          ? 2000 + Math.floor(random() * 150_000)
          : 0;
    if (size === 0) {
      return { raw: Buffer.concat([Buffer.from(head), textPart]), subject, messageId, attachments };
    }
    const content = Buffer.alloc(size);
    for (let i = 0; i < size; i += 4)
      content.writeUInt32LE(Math.floor(random() * 0x1_0000_0000), Math.min(i, size - 4));
    const filename = `report-${n}.bin`;
    attachments.set(filename, createHash('sha256').update(content).digest('hex'));
    const boundary = `b-${tag}-${n}`;
    const raw = Buffer.concat([
      Buffer.from(`${head}Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n`),
      textPart,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: application/octet-stream; name="${filename}"\r\n` +
          `Content-Disposition: attachment; filename="${filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
          `${content.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${boundary}--\r\n`,
      ),
    ]);
    return { raw, subject, messageId, attachments };
  });
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
