/** How this Zammad writes ticket numbers into subjects (Settings > Ticket > Base). */
export interface ZammadTicketHook {
  /** `ticket_hook`, `Ticket#` unless changed. */
  readonly hook: string;
  /** `ticket_hook_divider`, empty unless changed. */
  readonly divider: string;
}

/** Zammad's defaults: subjects read `[Ticket#31001] ...`. */
export const DEFAULT_ZAMMAD_TICKET_HOOK: ZammadTicketHook = { hook: 'Ticket#', divider: '' };

/**
 * The ticket numbers a subject names, in order, without repeats. Follows Zammad's own probe
 * (`Ticket::Number::Increment.check`): the hook after a non-word character or at the start, case
 * insensitive, then the divider or up to two spaces, then 2 to 48 digits ending at a word
 * boundary. The `Date` number generator's numbers are digits too, so one pattern reads both.
 * Pure.
 */
export function ticketNumbersInSubject(subject: string, hook: ZammadTicketHook): string[] {
  if (hook.hook === '') return [];
  const separator = hook.divider === '' ? '\\s{0,2}' : `(?:${quote(hook.divider)}|\\s{0,2})`;
  const pattern = new RegExp(`(?<=\\W|^)${quote(hook.hook)}${separator}(\\d{2,48})\\b`, 'giu');
  const numbers: string[] = [];
  for (const match of subject.matchAll(pattern)) {
    const number = match[1];
    if (number !== undefined && !numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

function quote(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
