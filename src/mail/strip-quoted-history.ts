import EmailReplyParser from 'email-reply-parser';

/**
 * Only the start of a body goes through the parser. Some of its multi-line patterns backtrack
 * cubically (8,000 characters of "abc. skrev" lines take about half a second, 16,000 several), so a
 * hostile body must not reach them whole. What a writer typed above the history fits well inside.
 */
const SCANNED_LENGTH = 8_000;

// Gmail wraps a long attribution line inside the address ("… Support <\nsupport@example.com>:"),
// which the parser's German pattern does not follow; joined, it reads as one line again.
const WRAPPED_ADDRESS = /<\n([^\s<>@]+@[^\s<>]+>)/g;

// Closing phrases the parser knows in English and French ("Regards", "Cordialement") but not in
// German. Matched only as a whole line, and only when few short lines follow it (a name, a role).
const GERMAN_CLOSER =
  /^(?:mit )?(?:freundlichen|viele|beste|liebe|herzliche|schöne|freundliche) grü(?:ß|ss)en?[,!.]?$|^(?:mfg|lg|vg|gruß)[,!.]?$/i;
const MAX_LINES_AFTER_CLOSER = 6;

/**
 * The part of a reply's plain text its writer typed: quoted history (Outlook's
 * "From:/Sent:/To:/Subject:" block in English, German and French, "On … wrote:" and its
 * translations, `>` quotes, "-----Original Message-----") and the sign-off (a `-- ` signature,
 * "Sent from my iPhone", a closing phrase with the name under it) removed.
 *
 * Pure. Returns `text` itself when there is nothing to cut, when nothing would be left (a mail that is all quote, a bare
 * forward) and when no history starts within the first {@link SCANNED_LENGTH} characters; past a
 * cut, only what lies inside that window is kept (answers written between quotes further down
 * stay in the original the caller keeps).
 */
export function stripQuotedHistory(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  const head = scannedHead(normalized);
  const joined = head.replace(WRAPPED_ADDRESS, '<$1');
  const parsed = new EmailReplyParser().parseReply(joined).trim();
  if (head.length < normalized.length && parsed === joined.trim()) return text;
  const visible = dropGermanCloser(parsed).trim();
  return visible === '' || visible === normalized.trim() ? text : visible;
}

/** The text up to {@link SCANNED_LENGTH} characters, ended at a line end so no line is split. */
function scannedHead(text: string): string {
  if (text.length <= SCANNED_LENGTH) return text;
  const lineEnd = text.lastIndexOf('\n', SCANNED_LENGTH);
  return text.slice(0, lineEnd > 0 ? lineEnd : SCANNED_LENGTH);
}

function dropGermanCloser(text: string): string {
  const lines = text.trimEnd().split('\n');
  const start = Math.max(0, lines.length - 1 - MAX_LINES_AFTER_CLOSER);
  for (let index = start; index < lines.length; index += 1) {
    if (GERMAN_CLOSER.test(lines[index]?.trim() ?? '')) return lines.slice(0, index).join('\n');
  }
  return text;
}
