/**
 * What kind of mail this is, as far as opening tickets goes. Checked in this order, the first
 * that holds wins: a helpdesk's own mail coming back (`loop`), `spam`, a delivery report
 * (`bounce`), an `auto-reply`, mailing-list or `bulk` mail; everything else is `normal`.
 */
export type MailClass = 'normal' | 'auto-reply' | 'bounce' | 'loop' | 'bulk' | 'spam';

/** Every class, in the order they are checked. */
export const MAIL_CLASSES: readonly MailClass[] = ['loop', 'spam', 'bounce', 'auto-reply', 'bulk', 'normal'];

/** The class of one mail and the evidence that decided it, for logs, filtered mail and webhooks. */
export interface MailClassification {
  readonly class: MailClass;
  /**
   * What decided the class, one short line per signal, quoting the header as the mail had it:
   * `Auto-Submitted: auto-replied`, `From: MAILER-DAEMON@example.com`, `X-MS-Exchange-Organization-SCL: 9 (threshold 5)`.
   * Weak signals that did not decide alone are listed too, marked `(weak)`. Empty for `normal`.
   */
  readonly signals: readonly string[];
}

/** Why a mail was kept back instead of becoming a ticket: its class, or the per-sender rate limit. */
export type FilterReason = Exclude<MailClass, 'normal'> | 'rate-limit';
