import { readHeaderBlock } from '../header/header-block.js';
import { readMailHeaders } from '../header/read-mail-headers.js';
import { reportTypeOf } from '../header/report-type.js';
import type { ReportedMail } from '../inbound-mail.js';
import type { MailBody } from './mail-body.js';

/**
 * Parts of a delivery report that return the undelivered mail (RFC 3464 §2, RFC 6522 §3): whole
 * (`message/rfc822`, `message/global` for SMTPUTF8, RFC 6533) or its header only
 * (`text/rfc822-headers`, `message/global-headers`). mailparser 3.14 hands every one of them over
 * as an attachment with its bytes undecoded, as long as the part is not `Content-Disposition:
 * inline`; an inline returned mail is merged into the text, and its header is read from
 * `MailBody.embeddedHeader` instead.
 */
const RETURNED_PART_TYPES: ReadonlySet<string> = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/global-headers',
]);

/**
 * Lines after which qmail and old Exim bounces (plain text, no `multipart/report`) copy the
 * returned mail, at the start of a line: qmail-send's bounce and Exim's pre-DSN format.
 */
const TEXT_BOUNCE_MARKERS = [
  '--- Below this line is a copy of the message.',
  '------ This is a copy of the message, including all the headers. ------',
] as const;

/**
 * How much of a returned mail is searched for its header: the header of a real mail is a few
 * KiB; Exchange's longest are some 30 KiB.
 */
const MAX_RETURNED_HEADER_BYTES = 64 * 1024;

/**
 * The mail a delivery report returns, as far as its header tells: from the report's
 * `message/rfc822` or `text/rfc822-headers` part when the mail is a `multipart/report;
 * report-type=delivery-status`, else from the copy a plain-text qmail or Exim bounce quotes.
 * Undefined when the mail is no delivery report, or the returned header is empty.
 *
 * Never throws, and costs time linear in the first {@link MAX_RETURNED_HEADER_BYTES} of the
 * returned part, however large or broken it is. Problems reading its header are added to
 * `problems`, marked as the reported mail's.
 */
export function readReportedMail(
  contentType: string | undefined,
  body: MailBody,
  problems: string[],
): ReportedMail | undefined {
  const returned = returnedHeader(contentType ?? '', body);
  if (returned === undefined) return undefined;
  const headerProblems: string[] = [];
  const header = readMailHeaders(readHeaderBlock(returned), headerProblems);
  for (const problem of headerProblems) problems.push(`reported mail: ${problem}`);
  const reported: ReportedMail = {
    messageId: header.messageId,
    inReplyTo: header.inReplyTo,
    references: header.references,
    subject: header.subject,
    from: header.from,
  };
  const empty =
    reported.messageId === undefined &&
    reported.inReplyTo.length === 0 &&
    reported.references.length === 0 &&
    reported.subject === '' &&
    reported.from === undefined;
  return empty ? undefined : reported;
}

/** The bytes that start with the returned mail's header, cut to the search limit. */
function returnedHeader(contentType: string, body: MailBody): Buffer | undefined {
  if (reportTypeOf(contentType) === 'delivery-status') {
    const part = body.attachments.find((attachment) =>
      RETURNED_PART_TYPES.has(attachment.contentType.toLowerCase()),
    );
    const bytes = part?.content ?? body.embeddedHeader;
    return bytes === undefined ? undefined : withoutLeadingBlankLines(bytes);
  }
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type !== '' && type !== 'text/plain') return undefined;
  for (const marker of TEXT_BOUNCE_MARKERS) {
    const at = lineStartingWith(body.text, marker);
    if (at === -1) continue;
    const copy = body.text.slice(at + marker.length, at + marker.length + MAX_RETURNED_HEADER_BYTES);
    return withoutLeadingBlankLines(Buffer.from(copy, 'utf8'));
  }
  return undefined;
}

/** Index of `marker` where it starts a line of `text`, or -1. One pass of `indexOf`. */
function lineStartingWith(text: string, marker: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(marker, from);
    if (at <= 0) return at;
    if (text[at - 1] === '\n') return at;
    from = at + marker.length;
  }
}

/**
 * The bytes after any blank lines at the start (the copy follows the marker line after an empty
 * one; some MTAs open a headers part with one), at most {@link MAX_RETURNED_HEADER_BYTES}.
 */
function withoutLeadingBlankLines(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x0d || bytes[start] === 0x0a || bytes[start] === 0x20)) {
    start += 1;
  }
  return bytes.subarray(start, start + MAX_RETURNED_HEADER_BYTES);
}
