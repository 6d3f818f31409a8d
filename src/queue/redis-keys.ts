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

  /**
   * Refs of raw copies waiting for a ticket or a dead letter, scored by when they were stored
   * (sorted set): the reconciler finds a copy nobody will deliver without scanning the keyspace.
   */
  rawIndex(): string {
    return `${this.prefix}:raw-index`;
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

  /**
   * Set just before a run posts a mail to the helpdesk, deleted when its ticket is recorded: a
   * run that died with this set may have created the ticket (string, expires after the retention).
   */
  posting(ref: string): string {
    return `${this.prefix}:posting:${ref}`;
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

  /** One filtered mail: an auto-reply, bounce, loop, spam or list mail kept back (hash, expires). */
  filtered(id: string): string {
    return `${this.prefix}:filtered:${id}`;
  }

  /** Index of filtered mails by when they were filtered (sorted set). */
  filteredIndex(): string {
    return `${this.prefix}:filtered-mails`;
  }

  /**
   * Refs of the new tickets one sender address or domain opened, scored by time (sorted set):
   * the per-sender rate limit's sliding window.
   */
  senderTickets(kind: 'address' | 'domain', sender: string): string {
    return `${this.prefix}:rate:${kind}:${digest(sender.toLowerCase())}`;
  }

  /** Held by the one run of a mail job that may post it (string holding the owner's token). */
  deliveryLock(ref: string): string {
    return `${this.prefix}:lock:deliver:${ref}`;
  }

  /** A mailbox's MSAL token cache when `tokenCache.type` is `redis` (string, no expiry). */
  oauthTokenCache(mailboxId: string): string {
    return `${this.prefix}:oauth:${mailboxId}`;
  }

  /** When a mailbox may next be logged in to: LOGIN-DELAY and refused-login back-off (hash). */
  sessionGate(mailboxId: string): string {
    return `${this.prefix}:gate:${mailboxId}`;
  }

  /**
   * Written once and never deleted (string, the date it was written): when it is missing, Redis
   * lost popdesk's data.
   */
  dataMarker(): string {
    return `${this.prefix}:data-marker`;
  }

  /**
   * Until when (string, an ISO date) mails taken in must be looked up in the helpdesk before
   * posting: written when Redis came back empty or new, since popdesk's records of what it
   * delivered before are gone then.
   */
  recheckUntil(): string {
    return `${this.prefix}:recheck-until`;
  }

  /** The helpdesk circuit while the helpdesk refuses popdesk's credentials (hash). */
  helpdeskCircuit(): string {
    return `${this.prefix}:circuit:helpdesk`;
  }

  /** How a mailbox's last poll ended, for `popdesk status` on any replica (hash, no expiry). */
  pollOutcome(mailboxId: string): string {
    return `${this.prefix}:poll-outcome:${mailboxId}`;
  }

  /** The per-mailbox poll lock (string holding the owner's token). */
  pollLock(mailboxId: string): string {
    return `${this.prefix}:lock:poll:${mailboxId}`;
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}
