/**
 * Whether an answer body is a ticket number osTicket could have produced. The number format is
 * the admin's (_Settings → Tickets → Ticket Number Format_): every `#` becomes a digit and every
 * other character stays, so `HD/######` gives `HD/207109` and `2026 ######` gives a space. What
 * no number holds: line breaks and other control characters, markup (a `201` that is really an
 * HTML page), or more than `ost_ticket.number`'s 20 characters. The caller trims the body. Pure.
 */
export function isOsTicketNumber(text: string): boolean {
  return /^[^\p{C}<>\s](?:[^\p{C}<>]{0,18}[^\p{C}<>\s])?$/u.test(text);
}
