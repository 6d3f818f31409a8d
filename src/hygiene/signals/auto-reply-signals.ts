import { reportTypeOf } from '../../mail/index.js';
import type { ClassifiableMail } from '../classifiable-mail.js';
import { type ClassSignals, headerToken, quoteHeader } from './class-signals.js';
import { nullReturnPath } from './null-return-path.js';

/**
 * Subject prefixes of automatic replies: Exchange and Outlook ("Automatic reply:", older "Out of
 * Office AutoReply:", and their translations), Lotus Notes/HCL Domino ("Auto:"), and the prefixes
 * people give their own vacation messages. Weak: a person may start a subject with them too.
 */
const AUTO_REPLY_SUBJECTS = new RegExp(
  String.raw`^\s*(` +
    [
      'automatic reply',
      'auto(matic)?[ -]?response',
      'auto[ -]?reply',
      'auto',
      'out of (the )?office( auto ?reply)?',
      'abwesend',
      'abwesenheitsnotiz',
      'automatische antwort',
      'r[ée]ponse automatique',
      'absence',
      'respuesta autom[áa]tica',
      'risposta automatica',
      'automatisch antwoord',
      'resposta autom[áa]tica',
      'autosvar',
      'automaattinen vastaus',
    ].join('|') +
    String.raw`)\s*:`,
  'i',
);

/**
 * Signals that the mail answers another one automatically (an out-of-office, a vacation
 * message, an autoresponder, a read receipt):
 * - `Auto-Submitted` with any value but `no` (RFC 3834 §5);
 * - `X-Autoreply`, `X-Autorespond` (vacation programs, osTicket's auto-responses);
 * - `Precedence: auto_reply` (osTicket, many autoresponders);
 * - `Content-Type: multipart/report; report-type=disposition-notification`: a read receipt
 *   (RFC 8098), which must not open or reopen a ticket either;
 * - weak: `X-MS-Exchange-Inbox-Rules-Loop` (Exchange adds it to whatever an inbox rule sends,
 *   automatic replies, but also a rule's forward of a person's mail), `X-Auto-Response-Suppress:
 *   All` (a request not to be answered, set by Exchange's automatic replies and by bulk
 *   notifications alike; sisimai dropped it as an auto-reply sign for that reason,
 *   sisimai/p5-sisimai#491), `Return-Path: <>`, and the subject prefixes above.
 */
export function autoReplySignals(mail: ClassifiableMail): ClassSignals {
  const decisive: string[] = [];
  const weak: string[] = [];
  const autoSubmitted = mail.headers['auto-submitted'];
  if (autoSubmitted !== undefined && !['', 'no'].includes(headerToken(autoSubmitted))) {
    decisive.push(quoteHeader('Auto-Submitted', autoSubmitted));
  }
  const autoreply = mail.headers['x-autoreply'];
  if (autoreply !== undefined && !isNegative(autoreply)) decisive.push(quoteHeader('X-Autoreply', autoreply));
  const autorespond = mail.headers['x-autorespond'];
  if (autorespond !== undefined && !isNegative(autorespond)) {
    decisive.push(quoteHeader('X-Autorespond', autorespond));
  }
  const precedence = mail.headers.precedence;
  if (precedence !== undefined && headerToken(precedence) === 'auto_reply') {
    decisive.push(quoteHeader('Precedence', precedence));
  }
  const contentType = mail.headers['content-type'];
  if (contentType !== undefined && reportTypeOf(contentType) === 'disposition-notification') {
    decisive.push(quoteHeader('Content-Type', contentType));
  }
  const rulesLoop = mail.headers['x-ms-exchange-inbox-rules-loop'];
  if (rulesLoop !== undefined) weak.push(quoteHeader('X-MS-Exchange-Inbox-Rules-Loop', rulesLoop));
  const suppress = mail.headers['x-auto-response-suppress'];
  // Outlook puts `DR, OOF, AutoReply` and the like on people's mail; only `All` marks a program.
  if (suppress !== undefined && /(^|,)\s*all\s*(,|$)/i.test(suppress)) {
    weak.push(quoteHeader('X-Auto-Response-Suppress', suppress));
  }
  const returnPath = nullReturnPath(mail);
  if (returnPath !== undefined) weak.push(returnPath);
  if (AUTO_REPLY_SUBJECTS.test(mail.subject)) weak.push(quoteHeader('Subject', mail.subject));
  return { decisive, weak };
}

/** `no`, `false`, `0`: a header present to say the opposite. */
function isNegative(value: string): boolean {
  return /^\s*(no|false|0)\s*$/i.test(value);
}
