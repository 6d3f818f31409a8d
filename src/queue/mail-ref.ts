import { createHash } from 'node:crypto';

/**
 * The reference of one mail in one mailbox: derived from the mailbox id, the UIDL and `variant`
 * (the content's SHA-256 for a fetched mail), so fetching the same message again after a crash
 * yields the same reference, the same raw key and the same BullMQ job id, while a different
 * mail under a reused UIDL gets its own. Job ids may not contain `:` nor be integers, hence the letter.
 */
export function mailRef(mailboxId: string, uidl: string, variant?: string): string {
  const source = variant === undefined ? `${mailboxId}\0${uidl}` : `${mailboxId}\0${uidl}\0${variant}`;
  return `m${createHash('sha256').update(source).digest('hex').slice(0, 40)}`;
}
