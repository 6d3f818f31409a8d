import type { MailClass } from '../../hygiene/mail-classification.js';
import { senderOf } from '../../mail/index.js';
import type { TicketRequest } from '../helpdesk-adapter.js';
import { escapeHtml } from './mail-body-html.js';

/** What each class is called in a note's first line. */
const NOTE_LABELS: Readonly<Record<MailClass, string>> = {
  'auto-reply': 'Auto-reply',
  bounce: 'Delivery failure report',
  loop: 'Mail from the helpdesk itself',
  bulk: 'Bulk mail',
  spam: 'Mail classified as spam',
  normal: 'Mail',
};

/**
 * The lines an internal note starts with: what the mail is, who sent it and its subject
 * (`Auto-reply from renee@example.fr: Out of office`), then why popdesk thinks so (the
 * classification's signals). An agent scrolling the ticket sees at once that this is not the
 * customer writing, and nobody has to open the attachments to learn why it is a note.
 */
export interface NoteIntroduction {
  /** One line: `<label> from <address>: <subject>`. */
  readonly heading: string;
  /** `Classified by: <signal>; <signal>`, or undefined when there were none. */
  readonly signals: string | undefined;
}

/** The introduction of the note made from `request`'s mail. Pure. */
export function noteIntroduction(request: Pick<TicketRequest, 'mail' | 'classification'>): NoteIntroduction {
  const { mail, classification } = request;
  const label = NOTE_LABELS[classification?.class ?? 'normal'];
  const sender = senderOf(mail)?.address;
  const subject = oneLine(mail.subject) === '' ? '(no subject)' : oneLine(mail.subject);
  const signals = (classification?.signals ?? []).map(oneLine).filter((signal) => signal !== '');
  return {
    heading: `${label}${sender !== undefined && sender !== '' ? ` from ${oneLine(sender)}` : ''}: ${subject}`,
    signals: signals.length > 0 ? `Classified by: ${signals.join('; ')}` : undefined,
  };
}

/** The introduction as plain text, ending in a blank line, to put before a text body. Pure. */
export function noteIntroductionText(request: Pick<TicketRequest, 'mail' | 'classification'>): string {
  const { heading, signals } = noteIntroduction(request);
  return `${heading}\n${signals !== undefined ? `${signals}\n` : ''}\n`;
}

/** The introduction as HTML paragraphs, escaped, to put before an HTML body. Pure. */
export function noteIntroductionHtml(request: Pick<TicketRequest, 'mail' | 'classification'>): string {
  const { heading, signals } = noteIntroduction(request);
  return (
    `<p><strong>${escapeHtml(heading)}</strong></p>` +
    (signals !== undefined ? `<p>${escapeHtml(signals)}</p>` : '') +
    '<hr>'
  );
}

/**
 * A header value as one line: a decoded subject or a quoted header can hold line breaks and
 * other control characters, which must not start a new line in the note (or a header, where a
 * helpdesk copies the first line into one).
 */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
