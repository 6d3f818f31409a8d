import { readHeaderBlock } from '../../mail/header/header-block.js';
import type { InboundMail, MailAddress } from '../../mail/inbound-mail.js';

/** A file popdesk uploads and attaches to a comment. */
export interface OutgoingFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A file left out because it is larger than Zendesk takes. */
export interface OmittedFile {
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
}

/** Name of the file holding the mail's raw header block. */
export const ORIGINAL_HEADERS_FILENAME = 'original-headers.txt';

/** The raw header block of the message, byte for byte, as a text attachment. */
export function originalHeadersFile(raw: Buffer): OutgoingFile {
  const { bodyOffset } = readHeaderBlock(raw);
  return {
    filename: ORIGINAL_HEADERS_FILENAME,
    contentType: 'text/plain',
    content: raw.subarray(0, bodyOffset),
  };
}

/** The person a mail is from: `From`, else the first `Reply-To`. */
export function senderOf(mail: InboundMail): MailAddress | undefined {
  return mail.from ?? mail.replyTo[0];
}

/**
 * The mail's body as HTML: the sanitised HTML part when there is one, otherwise the text part
 * escaped with its line breaks kept.
 */
export function bodyHtml(mail: InboundMail): string {
  if (mail.html !== undefined && mail.html.trim() !== '') return mail.html;
  if (mail.text.trim() === '') return '<p>(the mail has no text)</p>';
  return `<div>${escapeHtml(mail.text).replace(/\r?\n/g, '<br>\n')}</div>`;
}

/** `From: Name <address>` as an HTML paragraph, for comments Zendesk shows under another author. */
export function bylineHtml(sender: MailAddress): string {
  return `<p>From: ${escapeHtml(sender.name === '' ? sender.address : `${sender.name} <${sender.address}>`)}</p>`;
}

/** A short HTML note listing the files left out, for the end of a comment. */
export function omittedNoteHtml(omitted: readonly OmittedFile[], limitBytes: number): string {
  if (omitted.length === 0) return '';
  const items = omitted
    .map(
      (file) =>
        `<li>${escapeHtml(file.filename)} (${file.size} bytes, SHA-256 ${escapeHtml(file.sha256)})</li>`,
    )
    .join('');
  return (
    `<hr><p>popdesk left out ${omitted.length === 1 ? 'this attachment' : 'these attachments'}: ` +
    `larger than the ${limitBytes} bytes Zendesk takes per file.</p><ul>${items}</ul>`
  );
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
