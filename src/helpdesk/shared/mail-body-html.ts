import type { InboundMail, MailAddress } from '../../mail/index.js';
import type { OmittedFile } from './ticket-files.js';

/**
 * The mail's body as HTML: the sanitised HTML part when there is one, otherwise the text part
 * escaped with its line breaks kept.
 */
export function bodyHtml(mail: InboundMail): string {
  if (mail.html !== undefined && mail.html.trim() !== '') return mail.html;
  if (mail.text.trim() === '') return '<p>(the mail has no text)</p>';
  return `<div>${escapeHtml(mail.text).replace(/\r?\n/g, '<br>\n')}</div>`;
}

/** `From: Name <address>` as an HTML paragraph, for a body the helpdesk shows under another author. */
export function bylineHtml(sender: MailAddress): string {
  return `<p>From: ${escapeHtml(sender.name === '' ? sender.address : `${sender.name} <${sender.address}>`)}</p>`;
}

/**
 * A short HTML note listing the files left out, for the end of a body; empty when none were.
 * `reasonHtml` says which limit they exceed and is inserted as it is.
 */
export function omittedNoteHtml(omitted: readonly OmittedFile[], reasonHtml: string): string {
  if (omitted.length === 0) return '';
  const items = omitted
    .map(
      (file) =>
        `<li>${escapeHtml(file.filename)} (${file.size} bytes, SHA-256 ${escapeHtml(file.sha256)})</li>`,
    )
    .join('');
  return (
    `<hr><p>popdesk left out ${omitted.length === 1 ? 'this attachment' : 'these attachments'}: ` +
    `${reasonHtml}</p><ul>${items}</ul>`
  );
}

/** Escapes text for HTML element content and attribute values, apostrophes included. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
