import { createHash } from 'node:crypto';

/**
 * The reference of one mail in one mailbox: derived from the mailbox id and the UIDL, so
 * fetching the same message again after a crash yields the same reference, the same raw key
 * and the same BullMQ job id. Job ids may not contain `:` nor be integers, hence the letter.
 */
export function mailRef(mailboxId: string, uidl: string): string {
  return `m${createHash('sha256').update(`${mailboxId}\0${uidl}`).digest('hex').slice(0, 40)}`;
}
