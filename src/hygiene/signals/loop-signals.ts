import type { ClassifiableMail } from '../classifiable-mail.js';
import { type ClassSignals, headerToken, quoteHeader } from './class-signals.js';

/**
 * popdesk's own loop marker. popdesk sends no mail itself, but a helpdesk or a webhook consumer
 * that mails customers on popdesk's behalf may stamp its outgoing mail with `X-Popdesk-Loop`
 * (any value): when such a mail comes back into the mailbox it is a loop.
 */
export const POPDESK_LOOP_HEADER = 'X-Popdesk-Loop';

/** Lower-cased prefix of the headers Zammad puts on mail it made itself (recorded by `parseMail`). */
export const ZAMMAD_HEADER_PREFIX = 'x-zammad-';

/**
 * Headers that mark a mail as made by a helpdesk, with the name to quote them by. Each one is
 * only ever set by that helpdesk on its own outgoing mail:
 * - `X-Loop`: the generic loop marker (Zammad sets `X-Loop: yes` on every notification:
 *   zammad/zammad app/models/channel/email_build.rb).
 * - RT: bestpractical/rt lib/RT/Action/SendEmail.pm sets `X-RT-Loop-Prevention: <rtname>` and
 *   `RT-Ticket: <rtname> #<id>` on all its mail, `RT-Originator` on older versions.
 */
const MARKER_HEADERS: readonly (readonly [string, string])[] = [
  ['x-loop', 'X-Loop'],
  ['x-popdesk-loop', POPDESK_LOOP_HEADER],
  ['x-rt-loop-prevention', 'X-RT-Loop-Prevention'],
  ['rt-ticket', 'RT-Ticket'],
  ['rt-originator', 'RT-Originator'],
];

/**
 * The `X-Mailer` (or `X-Powered-By`) of helpdesk software. It is on every mail the helpdesk sends,
 * also an agent's reply from another company's helpdesk, so it is weak alone; together with a
 * sign of automation it is the helpdesk's own automated mail (an acknowledgement, a notice).
 * - osTicket include/class.mailer.php: `X-Mailer: osTicket Mailer` on all mail.
 * - Zammad email_build.rb: `X-Mailer: Zammad Mail Service`, `X-Powered-By: Zammad - Helpdesk/Support`.
 */
const HELPDESK_MAILERS: readonly (readonly [string, string, RegExp])[] = [
  ['x-mailer', 'X-Mailer', /^osTicket Mailer\b/i],
  ['x-mailer', 'X-Mailer', /^Zammad Mail Service\b/i],
  ['x-powered-by', 'X-Powered-By', /^Zammad\b/i],
];

/**
 * Signals that the mail is the helpdesk's own mail (or popdesk's mailbox's) coming back in: a
 * From among `ownAddresses`, a loop marker header, any `X-Zammad-*` header. Freshdesk documents
 * no header of its own on outgoing mail; its mail is caught by listing its sending address in
 * `hygiene.ownAddresses`.
 */
export function loopSignals(mail: ClassifiableMail, ownAddresses: ReadonlySet<string>): ClassSignals {
  const decisive: string[] = [];
  const weak: string[] = [];
  const from = mail.from?.address.toLowerCase();
  if (from !== undefined && ownAddresses.has(from))
    decisive.push(`${quoteHeader('From', from)} (an own address)`);
  for (const [name, quoted] of MARKER_HEADERS) {
    const value = mail.headers[name];
    if (value !== undefined) decisive.push(quoteHeader(quoted, value));
  }
  for (const [name, value] of Object.entries(mail.headers)) {
    if (name.startsWith(ZAMMAD_HEADER_PREFIX)) decisive.push(quoteHeader(zammadName(name), value));
  }
  const mailer = helpdeskMailer(mail);
  if (mailer !== undefined) {
    const automation = automationOf(mail);
    if (automation === undefined) weak.push(mailer);
    else decisive.push(`${mailer} with ${automation} (a helpdesk's automated mail)`);
  }
  return { decisive, weak };
}

function helpdeskMailer(mail: ClassifiableMail): string | undefined {
  for (const [name, quoted, pattern] of HELPDESK_MAILERS) {
    const value = mail.headers[name];
    if (value !== undefined && pattern.test(value.trim())) return quoteHeader(quoted, value);
  }
  return undefined;
}

/** The header saying a mail was sent by a program, not typed by a person, if any. */
function automationOf(mail: ClassifiableMail): string | undefined {
  const autoSubmitted = mail.headers['auto-submitted'];
  if (autoSubmitted !== undefined && !['', 'no'].includes(headerToken(autoSubmitted))) {
    return quoteHeader('Auto-Submitted', autoSubmitted);
  }
  const precedence = mail.headers.precedence;
  if (precedence !== undefined && ['bulk', 'junk', 'list', 'auto_reply'].includes(headerToken(precedence))) {
    return quoteHeader('Precedence', precedence);
  }
  return undefined;
}

/** `x-zammad-ticket-id` → `X-Zammad-Ticket-Id`, the way a person would write the header. */
function zammadName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
