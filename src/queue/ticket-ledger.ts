import type { ChainableCommander } from 'ioredis';
import type { DeadLetterStore } from './dead-letter-store.js';
import type { FilteredMailStore } from './filtered-mail-store.js';
import type { RawMailStore } from './raw-mail-store.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** Dependencies and settings of {@link TicketLedger}. */
export interface TicketLedgerOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** How long mail references and Message-IDs map to their tickets, in seconds. */
  readonly retentionSeconds: number;
  /** Whose raw copy ends (kept for `retainRawDays`, or dropped) when the ticket is recorded. */
  readonly rawMail: RawMailStore;
  /** Whose dead letter of the mail (a retried one, or one the reconciler wrote meanwhile) ends too. */
  readonly deadLetters: DeadLetterStore;
  /** Whose filtered record of the mail (one a person requeued) ends too. */
  readonly filtered: FilteredMailStore;
}

/** What {@link TicketLedger.marksOf} read about one mail. */
export interface MailMarks {
  readonly messageIdKnown: boolean;
  readonly postingMarked: boolean;
  /** The reference of the mail whose pending mark the Message-ID holds, if any. */
  readonly pendingRef: string | null;
  /** `RedisKeys.recheckUntil`: mails taken in before this ISO date are checked in the helpdesk. */
  readonly recheckUntil: string | null;
}

/**
 * popdesk's record of what became of each mail: mail reference -> ticket (so a repeated job
 * does nothing) and Message-ID -> ticket (so a reply finds the ticket it answers).
 */
export class TicketLedger {
  constructor(private readonly options: TicketLedgerOptions) {}

  /** The ticket this mail already became, if any. */
  ticketFor(ref: string): Promise<string | null> {
    return this.options.redis.get(this.options.keys.ticket(ref));
  }

  /** The tickets of several mails at once (one round trip), null where none is recorded yet. */
  async ticketsFor(refs: readonly string[]): Promise<Array<string | null>> {
    if (refs.length === 0) return [];
    return this.options.redis.mget(refs.map((ref) => this.options.keys.ticket(ref)));
  }

  /** The ticket a Message-ID belongs to, if popdesk created or threaded it. */
  ticketForMessageId(messageId: string): Promise<string | null> {
    return this.options.redis.get(this.options.keys.thread(messageId));
  }

  /**
   * What popdesk's records say about one mail before it is posted (one round trip): whether
   * its Message-ID maps to a ticket, whether a run noted posting it, which reference holds the
   * Message-ID's pending mark, and until when mails taken in must be checked in the helpdesk.
   */
  async marksOf(ref: string, messageId: string): Promise<MailMarks> {
    const { keys } = this.options;
    const [ticket, posting, pendingRef, recheckUntil] = await this.options.redis.mget(
      keys.thread(messageId),
      keys.posting(ref),
      keys.pending(messageId),
      keys.recheckUntil(),
    );
    return {
      messageIdKnown: ticket !== null && ticket !== undefined,
      postingMarked: posting !== null && posting !== undefined,
      pendingRef: pendingRef ?? null,
      recheckUntil: recheckUntil ?? null,
    };
  }

  /** The tickets of several Message-IDs at once (one round trip), null where popdesk knows none. */
  async ticketsForMessageIds(messageIds: readonly string[]): Promise<Array<string | null>> {
    if (messageIds.length === 0) return [];
    return this.options.redis.mget(messageIds.map((id) => this.options.keys.thread(id)));
  }

  /** The addresses popdesk has seen on each of several tickets (one round trip); lower case, empty when it knows none. */
  async participantsOf(ticketIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const result = new Map<string, Set<string>>();
    if (ticketIds.length === 0) return result;
    const pipeline = this.options.redis.pipeline();
    for (const ticketId of ticketIds) pipeline.smembers(this.options.keys.participants(ticketId));
    const replies = (await pipeline.exec()) ?? [];
    ticketIds.forEach((ticketId, i) => {
      const [error, members] = replies[i] ?? [null, []];
      if (error) throw error;
      result.set(ticketId, new Set(members as string[]));
    });
    return result;
  }

  /** The first of `messageIds` that is queued without a ticket yet (one round trip), if any. */
  async firstPending(messageIds: readonly string[]): Promise<string | undefined> {
    if (messageIds.length === 0) return undefined;
    const marks = await this.options.redis.mget(messageIds.map((id) => this.options.keys.pending(id)));
    return messageIds.find((_, i) => marks[i] !== null);
  }

  /**
   * Notes that a run of this mail is about to post it: if the run dies before {@link record},
   * the helpdesk may hold its ticket, and a retry (which finds it) is right, not a dead letter.
   */
  async notePosting(ref: string): Promise<void> {
    await this.options.redis.set(this.options.keys.posting(ref), '1', 'EX', this.options.retentionSeconds);
  }

  /** Which of `refs` had a run that started posting and recorded no ticket (one round trip). */
  async postingAmong(refs: readonly string[]): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const marks = await this.options.redis.mget(refs.map((ref) => this.options.keys.posting(ref)));
    return new Set(refs.filter((_, i) => marks[i] !== null));
  }

  /** Ends the pending mark of a mail that will get no ticket (a dead letter). */
  async clearPending(messageId: string): Promise<void> {
    await this.options.redis.del(this.options.keys.pending(messageId));
  }

  /**
   * Ends a mail that was filtered (kept back, no ticket) in one transaction: `keep` queues the
   * filtered record there, beside dropping the raw copy, any dead letter of the mail, its
   * posting mark and the pending marks of its `messageIds` (so replies waiting for its ticket
   * stop waiting). No state exists in which the mail is filtered and still queued, or neither.
   */
  async recordFiltered(
    ref: string,
    messageIds: readonly string[],
    keep: (transaction: ChainableCommander) => Promise<void>,
  ): Promise<void> {
    const { redis, keys, rawMail, deadLetters } = this.options;
    const transaction = redis.multi();
    await keep(transaction);
    for (const messageId of messageIds) transaction.del(keys.pending(messageId));
    transaction.del(keys.posting(ref));
    await rawMail.drop(ref, transaction);
    deadLetters.removeIn(ref, transaction);
    const replies = await transaction.exec();
    // EXEC answers a failed command inside the transaction as a reply, not as a rejection.
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
  }

  /**
   * Records the ticket a mail became, in one transaction with dropping (or expiring) its raw
   * copy and removing any dead letter or filtered record of it, so no state exists in which the
   * ticket is recorded but the raw copy is orphaned or the mail also counts as a dead letter or
   * as filtered.
   */
  async record(
    ref: string,
    messageId: string,
    ticketId: string,
    participants: readonly string[] = [],
  ): Promise<void> {
    const { redis, keys, retentionSeconds, rawMail, deadLetters, filtered } = this.options;
    const transaction = redis
      .multi()
      .set(keys.ticket(ref), ticketId, 'EX', retentionSeconds)
      .set(keys.thread(messageId), ticketId, 'EX', retentionSeconds)
      .del(keys.pending(messageId))
      .del(keys.posting(ref));
    if (participants.length > 0) {
      transaction
        .sadd(keys.participants(ticketId), ...participants.map((address) => address.toLowerCase()))
        .expire(keys.participants(ticketId), retentionSeconds);
    }
    rawMail.retain(ref, transaction);
    deadLetters.removeIn(ref, transaction);
    await filtered.remove(ref, transaction);
    await transaction.exec();
  }
}
