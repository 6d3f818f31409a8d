import { reportTypeOf } from '../../mail/index.js';
import type { ClassifiableMail } from '../classifiable-mail.js';
import { type ClassSignals, quoteHeader } from './class-signals.js';
import { nullReturnPath } from './null-return-path.js';

/** Local parts of the addresses mail systems send delivery reports from (RFC 5321 §4.5.1 postmaster). */
const REPORTING_SENDERS = /^(mailer-daemon|postmaster)@/i;

/**
 * Subjects of delivery reports, weak: a person may write them too. Postfix, Exim, Sendmail, qmail,
 * Gmail, and Exchange's NDR subject in English, German, French, Dutch, Spanish and Italian.
 */
const BOUNCE_SUBJECTS =
  /^\s*(undeliverable|unzustellbar|non remis|onbestelbaar|no se puede entregar|non recapitabile)\s*:|^\s*(undelivered mail returned to sender|delivery status notification \((failure|delay)\)|mail delivery failed|returned mail\s*:|failure notice\s*$|delivery failure)/i;

/**
 * Signals that the mail is a delivery report about a mail that could not be delivered:
 * - `Content-Type: multipart/report; report-type=delivery-status` (RFC 3464, RFC 6522);
 * - a `MAILER-DAEMON@` or `postmaster@` sender (Postfix, Sendmail, qmail, Exim, Gmail);
 * - `X-Failed-Recipients` (Exim, Gmail);
 * - `X-MS-Exchange-Message-Is-Ndr` (Exchange NDRs);
 * - weak: `Return-Path: <>` (also what auto-replies use, see {@link nullReturnPath}) and the
 *   usual bounce subjects.
 */
export function bounceSignals(mail: ClassifiableMail): ClassSignals {
  const decisive: string[] = [];
  const weak: string[] = [];
  const contentType = mail.headers['content-type'];
  if (contentType !== undefined && reportTypeOf(contentType) === 'delivery-status') {
    decisive.push(quoteHeader('Content-Type', contentType));
  }
  const from = mail.from?.address;
  if (from !== undefined && REPORTING_SENDERS.test(from)) decisive.push(quoteHeader('From', from));
  const failed = mail.headers['x-failed-recipients'];
  if (failed !== undefined) decisive.push(quoteHeader('X-Failed-Recipients', failed));
  const ndr = mail.headers['x-ms-exchange-message-is-ndr'];
  if (ndr !== undefined) decisive.push(quoteHeader('X-MS-Exchange-Message-Is-Ndr', ndr));
  const returnPath = nullReturnPath(mail);
  if (returnPath !== undefined) weak.push(returnPath);
  if (BOUNCE_SUBJECTS.test(mail.subject)) weak.push(quoteHeader('Subject', mail.subject));
  return { decisive, weak };
}
