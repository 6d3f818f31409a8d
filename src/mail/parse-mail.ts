import { createHash } from 'node:crypto';
import { createMailAttachment } from './body/create-mail-attachment.js';
import { findMimeDamage } from './body/find-mime-damage.js';
import type { MailBody, RawAttachment } from './body/mail-body.js';
import { readFallbackBody } from './body/read-fallback-body.js';
import { readMailBody } from './body/read-mail-body.js';
import { MailOptionsError } from './errors/mail-options-error.js';
import { readHeaderBlock } from './header/header-block.js';
import { derivedMessageId } from './header/message-ids.js';
import { readMailHeaders } from './header/read-mail-headers.js';
import { htmlToText } from './html-to-text.js';
import type { InboundMail } from './inbound-mail.js';
import { sanitizeHtml } from './sanitize-html.js';

/** Options of {@link parseMail}. */
export interface ParseMailOptions {
  /**
   * HTML bodies longer than this many characters are neither sanitised nor turned into text (both
   * cost CPU in proportion); they are attached as `body.html` instead. Default 5 MiB.
   */
  readonly maxHtmlLength?: number;
}

/** The default of {@link ParseMailOptions.maxHtmlLength}. */
export const DEFAULT_MAX_HTML_LENGTH = 5 * 1024 * 1024;

/**
 * Parses a raw mail into an {@link InboundMail}. Pure: no I/O, no logger, no clock.
 *
 * Never fails on bad input. Headers are read by hand first, so Subject, From and the message ids
 * survive a MIME structure the parser rejects; then mailparser reads the body. When it fails, the
 * raw message is attached as `original.eml`, and `problems` says why. Charsets that are missing,
 * unknown or wrong fall back (see `decodeText`) instead of turning letters into U+FFFD.
 *
 * Rejects only for invalid options ({@link MailOptionsError}).
 */
export async function parseMail(raw: Buffer, options: ParseMailOptions = {}): Promise<InboundMail> {
  const maxHtmlLength = checkMaxHtmlLength(options.maxHtmlLength);
  const rawSha256 = createHash('sha256').update(raw).digest('hex');
  try {
    return await parseWithFallbacks(raw, rawSha256, maxHtmlLength);
  } catch (error) {
    // Only a bug of ours gets here; it must not lose the mail either.
    return emptyMail(raw, rawSha256, `parsing failed: ${describe(error)}`);
  }
}

async function parseWithFallbacks(
  raw: Buffer,
  rawSha256: string,
  maxHtmlLength: number,
): Promise<InboundMail> {
  const problems: string[] = [];
  const block = readHeaderBlock(raw);
  const header = readMailHeaders(block, problems);
  let damage = findMimeDamage(raw, block);
  let body: MailBody;
  try {
    body = await readMailBody(raw, problems);
  } catch (error) {
    damage = `the MIME parser failed (${describe(error)})`;
    body = readFallbackBody(raw, block, problems);
  }
  const rendered = renderBody(body, maxHtmlLength, problems);
  const attachments = [...body.attachments, ...rendered.attachments];
  if (damage !== undefined) {
    problems.push(`${damage}: the raw message is attached as original.eml`);
    attachments.push(originalEml(raw));
  }
  return {
    messageId: header.messageId ?? derivedMessageId(rawSha256),
    messageIdDerived: header.messageId === undefined,
    inReplyTo: header.inReplyTo,
    references: header.references,
    from: header.from,
    replyTo: header.replyTo,
    to: header.to,
    cc: header.cc,
    date: header.date,
    subject: header.subject,
    text: rendered.text,
    html: rendered.html,
    attachments: attachments.map((attachment, index) => createMailAttachment(attachment, index + 1)),
    headers: header.headers,
    rawSha256,
    rawSize: raw.length,
    problems,
  };
}

/**
 * Sanitises the HTML and, when the mail had no text part, derives the text from it. HTML over
 * the limit is attached instead of processed.
 */
function renderBody(
  body: MailBody,
  maxHtmlLength: number,
  problems: string[],
): { text: string; html: string | undefined; attachments: RawAttachment[] } {
  if (body.html === undefined) return { text: body.text, html: undefined, attachments: [] };
  if (body.html.length > maxHtmlLength) {
    problems.push(
      `HTML body of ${body.html.length} characters is over the limit of ${maxHtmlLength}: attached as body.html`,
    );
    const content = Buffer.from(body.html, 'utf8');
    const attachment = {
      filename: 'body.html',
      contentType: 'text/html',
      contentId: undefined,
      inline: false,
    };
    return { text: body.text, html: undefined, attachments: [{ ...attachment, content }] };
  }
  const html = sanitizeHtml(body.html);
  return { text: body.text.trim() === '' ? htmlToText(html) : body.text, html, attachments: [] };
}

function emptyMail(raw: Buffer, rawSha256: string, problem: string): InboundMail {
  return {
    messageId: derivedMessageId(rawSha256),
    messageIdDerived: true,
    inReplyTo: [],
    references: [],
    from: undefined,
    replyTo: [],
    to: [],
    cc: [],
    date: undefined,
    subject: '',
    text: '',
    html: undefined,
    attachments: [createMailAttachment(originalEml(raw), 1)],
    headers: {},
    rawSha256,
    rawSize: raw.length,
    problems: [problem],
  };
}

/** The raw message as an attachment, for a mail whose parsed content may be incomplete. */
function originalEml(raw: Buffer): RawAttachment {
  return {
    filename: 'original.eml',
    contentType: 'message/rfc822',
    contentId: undefined,
    inline: false,
    content: raw,
  };
}

function checkMaxHtmlLength(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_HTML_LENGTH;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new MailOptionsError(`maxHtmlLength must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
