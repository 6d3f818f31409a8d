import { createHash } from 'node:crypto';
import { createMailAttachment } from './body/create-mail-attachment.js';
import { findMimeDamage } from './body/find-mime-damage.js';
import type { MailBody, RawAttachment } from './body/mail-body.js';
import { readFallbackBody } from './body/read-fallback-body.js';
import { readMailBody } from './body/read-mail-body.js';
import { readReportedMail } from './body/read-reported-mail.js';
import { MAX_HEADER_BLOCK_BYTES, readHeaderBlock } from './header/header-block.js';
import { derivedMessageId } from './header/message-ids.js';
import { readMailHeaders } from './header/read-mail-headers.js';
import { htmlNestingDepth } from './html-nesting-depth.js';
import { htmlToText } from './html-to-text.js';
import type { InboundMail } from './inbound-mail.js';
import { MailOptionsError } from './mail-options-error.js';
import { sanitizeHtml } from './sanitize-html.js';
import { expandTnef } from './tnef/expand-tnef.js';

/** Options of {@link parseMail}. */
export interface ParseMailOptions {
  /**
   * HTML bodies longer than this many characters are neither sanitised nor turned into text (both
   * cost CPU in proportion); they are attached as `body.html` instead. Default 1 MiB: dense HTML (a link every 30 bytes) takes about half a second per MiB.
   */
  readonly maxHtmlLength?: number;
  /**
   * HTML bodies whose elements nest deeper than this are neither sanitised nor turned into text
   * (the HTML parser's cost grows with the depth of every tag); they are attached as `body.html`
   * instead. Default 100, the depth below which the sanitiser keeps elements anyway.
   */
  readonly maxHtmlDepth?: number;
}

/** The default of {@link ParseMailOptions.maxHtmlLength}. */
export const DEFAULT_MAX_HTML_LENGTH = 1024 * 1024;

/** The default of {@link ParseMailOptions.maxHtmlDepth}. */
export const DEFAULT_MAX_HTML_DEPTH = 100;

/** The checked options, every default filled in. */
type HtmlLimits = Required<ParseMailOptions>;

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
  const limits: HtmlLimits = {
    maxHtmlLength: checkPositive('maxHtmlLength', options.maxHtmlLength, DEFAULT_MAX_HTML_LENGTH),
    maxHtmlDepth: checkPositive('maxHtmlDepth', options.maxHtmlDepth, DEFAULT_MAX_HTML_DEPTH),
  };
  const rawSha256 = createHash('sha256').update(raw).digest('hex');
  try {
    return await parseWithFallbacks(raw, rawSha256, limits);
  } catch (error) {
    // Only a bug of ours gets here; it must not lose the mail either.
    return emptyMail(raw, rawSha256, `parsing failed: ${describe(error)}`);
  }
}

async function parseWithFallbacks(raw: Buffer, rawSha256: string, limits: HtmlLimits): Promise<InboundMail> {
  const problems: string[] = [];
  const block = readHeaderBlock(raw);
  const header = readMailHeaders(block, problems);
  if (block.bodyOffset > MAX_HEADER_BLOCK_BYTES) {
    problems.push(
      `header block over ${MAX_HEADER_BLOCK_BYTES} bytes: only fields in the first ones were read`,
    );
  }
  let damage = findMimeDamage(raw, block);
  let body: MailBody;
  try {
    body = await readMailBody(raw, problems);
  } catch (error) {
    damage = `the MIME parser failed (${describe(error)})`;
    body = readFallbackBody(raw, block, problems);
  }
  const reportedMail = readReportedMail(header.headers['content-type'], body, problems);
  const rendered = renderBody(body, limits, problems);
  const attachments = [...expandTnef(body.attachments, problems), ...rendered.attachments];
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
    ...(reportedMail !== undefined && { reportedMail }),
    rawSha256,
    rawSize: raw.length,
    problems,
  };
}

/**
 * Sanitises the HTML and, when the mail had no text part, derives the text from it. HTML over
 * the length or depth limit is attached instead of processed: both steps would cost CPU out of
 * proportion to what an agent gains.
 */
function renderBody(
  body: MailBody,
  limits: HtmlLimits,
  problems: string[],
): { text: string; html: string | undefined; attachments: RawAttachment[] } {
  if (body.html === undefined) return { text: body.text, html: undefined, attachments: [] };
  const tooLarge =
    body.html.length > limits.maxHtmlLength
      ? `HTML body of ${body.html.length} characters is over the limit of ${limits.maxHtmlLength}`
      : undefined;
  const tooDeep =
    tooLarge === undefined && htmlNestingDepth(body.html, limits.maxHtmlDepth) > limits.maxHtmlDepth
      ? `HTML body nests elements more than ${limits.maxHtmlDepth} deep, too deep to render`
      : undefined;
  const refusal = tooLarge ?? tooDeep;
  if (refusal !== undefined) {
    problems.push(`${refusal}: attached as body.html`);
    const content = Buffer.from(body.html, 'utf8');
    const attachment = {
      filename: 'body.html',
      contentType: 'text/html',
      contentId: undefined,
      inline: false,
    };
    // A mail with only HTML would reach the agent blank; the text says where its content went,
    // whatever the helpdesk does with `problems`.
    const text = body.text.trim() === '' ? `[${refusal}: it is attached as body.html]` : body.text;
    return { text, html: undefined, attachments: [{ ...attachment, content }] };
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

function checkPositive(name: keyof ParseMailOptions, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new MailOptionsError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
