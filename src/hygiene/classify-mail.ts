import type { InboundMail } from '../mail/index.js';
import type { MailClassification } from './mail-classification.js';

/** The parts of a mail classification reads. */
export type ClassifiableMail = Pick<InboundMail, 'from' | 'subject' | 'headers' | 'reportedMail'>;

/** What classification needs from the configuration. */
export interface ClassifySettings {
  /** Lower-cased addresses whose mail is the helpdesk's own coming back (mailboxes, helpdesk senders). */
  readonly ownAddresses: ReadonlySet<string>;
  /** Exchange's SCL from which a mail is spam (`hygiene.spamScl`). */
  readonly spamScl: number;
}

/**
 * Decides what kind of mail this is from its headers and MIME structure. Pure. The first class
 * whose signals hold wins, in the order of `MAIL_CLASSES`.
 */
export function classifyMail(mail: ClassifiableMail, settings: ClassifySettings): MailClassification {
  const header = (name: string): string | undefined => mail.headers[name];
  const from = mail.from?.address;
  if (from !== undefined && settings.ownAddresses.has(from)) {
    return { class: 'loop', signals: [`From: ${from} (an own address)`] };
  }
  if (header('x-loop') !== undefined) return { class: 'loop', signals: [`X-Loop: ${header('x-loop')}`] };
  if (/^\s*yes\b/i.test(header('x-spam-flag') ?? '')) {
    return { class: 'spam', signals: [`X-Spam-Flag: ${header('x-spam-flag')}`] };
  }
  if (from !== undefined && /^(mailer-daemon|postmaster)@/i.test(from)) {
    return { class: 'bounce', signals: [`From: ${from}`] };
  }
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && !/^\s*no\b/i.test(autoSubmitted)) {
    return { class: 'auto-reply', signals: [`Auto-Submitted: ${autoSubmitted}`] };
  }
  if (header('list-id') !== undefined) return { class: 'bulk', signals: [`List-Id: ${header('list-id')}`] };
  return { class: 'normal', signals: [] };
}
