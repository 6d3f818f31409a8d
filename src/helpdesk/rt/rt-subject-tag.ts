/** Ticket numbers longer than this are not RT ids (RT's ids are database integers). */
const MAX_ID_DIGITS = 15;

/**
 * The ticket number in a subject tag of this RT instance, `[rtname #123]`, as RT's own mail
 * gateway reads it (`RT::Interface::Email::ParseTicketId`): the rtname compared without regard to
 * case, optionally after `http://` or `https://`, whitespace (any Unicode space) before `#` and
 * optionally before `]`, digits only. The tag may stand anywhere: after `Re:`/`Fwd:` prefixes,
 * in quotes, after another system's tag; the leftmost tag of this rtname wins, as in RT. Tags of
 * other rtnames, and `[rtname #12abc]`, are not tags. Pure.
 *
 * @returns the ticket id without leading zeros, or undefined.
 */
export function parseSubjectTag(subject: string, rtname: string): string | undefined {
  if (rtname === '') return undefined;
  const pattern = new RegExp(`\\[(?:https?://)?${escapeRegExp(rtname)}\\s+#(\\d+)\\s*\\]`, 'iu');
  const digits = pattern.exec(subject)?.[1];
  if (digits === undefined) return undefined;
  const id = digits.replace(/^0+/, '');
  if (id === '' || id.length > MAX_ID_DIGITS) return undefined;
  return id;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
