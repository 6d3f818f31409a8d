import type { ClassifiableMail } from '../classifiable-mail.js';
import { type ClassSignals, headerToken, quoteHeader } from './class-signals.js';

/**
 * Signals that the mail went to many people at once: a mailing list or a newsletter.
 * - `Precedence: bulk|junk|list` (RFC 3834 §2 names them as what a responder may refuse to answer;
 *   Mailman and Google Groups send `Precedence: list` or `bulk`);
 * - `List-Id` (RFC 2919), `List-Unsubscribe` (RFC 2369, RFC 8058): set by list servers and bulk
 *   senders, never by Gmail, Outlook, Apple Mail or Thunderbird on a person's mail.
 */
export function bulkSignals(mail: ClassifiableMail): ClassSignals {
  const decisive: string[] = [];
  const precedence = mail.headers.precedence;
  if (precedence !== undefined && ['bulk', 'junk', 'list'].includes(headerToken(precedence))) {
    decisive.push(quoteHeader('Precedence', precedence));
  }
  const listId = mail.headers['list-id'];
  if (listId !== undefined) decisive.push(quoteHeader('List-Id', listId));
  const unsubscribe = mail.headers['list-unsubscribe'];
  if (unsubscribe !== undefined) decisive.push(quoteHeader('List-Unsubscribe', unsubscribe));
  return { decisive, weak: [] };
}
