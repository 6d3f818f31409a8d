import type { ClassifiableMail } from './classifiable-mail.js';
import { MAIL_CLASSES, type MailClass, type MailClassification } from './mail-classification.js';
import { autoReplySignals } from './signals/auto-reply-signals.js';
import { bounceSignals } from './signals/bounce-signals.js';
import { bulkSignals } from './signals/bulk-signals.js';
import type { ClassSignals } from './signals/class-signals.js';
import { loopSignals } from './signals/loop-signals.js';
import { spamSignals } from './signals/spam-signals.js';

export type { ClassifiableMail } from './classifiable-mail.js';

/** What classification needs from the configuration. */
export interface ClassifySettings {
  /** Lower-cased addresses whose mail is the helpdesk's own coming back (mailboxes, helpdesk senders). */
  readonly ownAddresses: ReadonlySet<string>;
  /** Exchange's SCL from which a mail is spam (`hygiene.spamScl`). */
  readonly spamScl: number;
}

/** Weak signals of one class that together decide it, when no decisive one does. */
const WEAK_SIGNALS_THAT_DECIDE = 2;

/**
 * Decides what kind of mail this is from its headers and MIME structure. Pure; never throws.
 *
 * The classes are checked in the order of `MAIL_CLASSES` (loop, spam, bounce, auto-reply, bulk)
 * and the first that holds wins, so a vacation reply sent with `Precedence: bulk` is an
 * auto-reply, and spam that forges `Auto-Submitted` is spam. A class holds when one of its
 * decisive signals is present, or two of its weak ones: a weak signal never decides alone.
 * The result lists the signals of the winning class, weak ones marked `(weak)`; a `normal`
 * mail has none.
 */
export function classifyMail(mail: ClassifiableMail, settings: ClassifySettings): MailClassification {
  const readers: Readonly<Record<Exclude<MailClass, 'normal'>, () => ClassSignals>> = {
    loop: () => loopSignals(mail, settings.ownAddresses),
    spam: () => spamSignals(mail, settings.spamScl),
    bounce: () => bounceSignals(mail),
    'auto-reply': () => autoReplySignals(mail),
    bulk: () => bulkSignals(mail),
  };
  for (const mailClass of MAIL_CLASSES) {
    if (mailClass === 'normal') continue;
    const { decisive, weak } = readers[mailClass]();
    if (decisive.length > 0 || weak.length >= WEAK_SIGNALS_THAT_DECIDE) {
      return { class: mailClass, signals: [...decisive, ...weak.map((signal) => `${signal} (weak)`)] };
    }
  }
  return { class: 'normal', signals: [] };
}
