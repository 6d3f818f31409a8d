import { createHash } from 'node:crypto';

/**
 * Every Redis key popdesk writes outside BullMQ's own, in one place. Values that may hold
 * any byte (UIDLs, Message-IDs) are hashed into keys so no key depends on what a server sent.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** The raw bytes of a fetched mail until its ticket exists (string). */
  raw(ref: string): string {
    return `${this.prefix}:raw:${ref}`;
  }

  /** Marks a UIDL of a mailbox as taken in (string, expires after the retention). */
  seenUidl(mailboxId: string, uidl: string): string {
    return `${this.prefix}:seen:uidl:${mailboxId}:${digest(uidl)}`;
  }

  /** Marks a Message-ID with exactly these bytes as taken in (string, expires after the retention). */
  seenContent(messageId: string, rawSha256: string): string {
    return `${this.prefix}:seen:content:${digest(`${messageId}\0${rawSha256}`)}`;
  }

  /** The ticket a mail became (string), written once the helpdesk confirmed it. */
  ticket(ref: string): string {
    return `${this.prefix}:ticket:${ref}`;
  }

  /** The ticket a Message-ID belongs to, for threading replies (string). */
  thread(messageId: string): string {
    return `${this.prefix}:thread:${digest(messageId.toLowerCase())}`;
  }

  /** Marks a Message-ID as queued but not yet delivered, so a reply to it waits (string). */
  pending(messageId: string): string {
    return `${this.prefix}:pending:${digest(messageId.toLowerCase())}`;
  }

  /** Addresses seen on a ticket through popdesk: who may reply into it (set). */
  participants(ticketId: string): string {
    return `${this.prefix}:participants:${digest(ticketId)}`;
  }

  /** One dead letter (hash). */
  deadLetter(id: string): string {
    return `${this.prefix}:dead:${id}`;
  }

  /** Index of dead letters by time (sorted set). */
  deadLetterIndex(): string {
    return `${this.prefix}:dead-letters`;
  }

  /**
   * Written once and never deleted (string, the date it was written): when it is missing, Redis
   * lost popdesk's data.
   */
  dataMarker(): string {
    return `${this.prefix}:data-marker`;
  }

  /** The helpdesk circuit while the helpdesk refuses popdesk's credentials (hash). */
  helpdeskCircuit(): string {
    return `${this.prefix}:circuit:helpdesk`;
  }

  /** The per-mailbox poll lock (string holding the owner's token). */
  pollLock(mailboxId: string): string {
    return `${this.prefix}:lock:poll:${mailboxId}`;
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}
