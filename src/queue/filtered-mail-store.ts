import type { ChainableCommander } from 'ioredis';
import type { FilterReason, MailClass } from '../hygiene/mail-classification.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** A mail popdesk kept back instead of opening a ticket, with its raw bytes and why. */
export interface FilteredMail {
  /** The mail's ref: the same id as its job, its raw copy and any dead letter. */
  readonly id: string;
  readonly mailboxId: string;
  readonly class: MailClass;
  readonly reason: FilterReason;
  /** What decided the class (see `MailClassification.signals`). */
  readonly signals: readonly string[];
  /** A sentence for a person: why this mail got no ticket. */
  readonly detail: string;
  readonly filteredAt: string;
  readonly messageId?: string;
  readonly subject?: string;
  readonly from?: string;
  readonly raw: Buffer;
}

/**
 * Filtered mail lives in Redis for `retentionSeconds` (config `hygiene.retentionDays`), then
 * expires: unlike a dead letter it needs no one to act, but a person can look at it, export it
 * or send it to the helpdesk after all (`popdesk filtered`).
 */
export class FilteredMailStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly retentionSeconds: number,
    private readonly now: () => Date,
  ) {}

  /**
   * Keeps a filtered mail; writing the same id again replaces it. With `transaction`, the write
   * is queued there, to commit with what ends the mail's other state.
   */
  async add(mail: FilteredMail, transaction?: ChainableCommander): Promise<void> {
    const own = transaction ?? this.redis.multi();
    const key = this.keys.filtered(mail.id);
    const fields: Record<string, string | Buffer> = {
      id: mail.id,
      mailboxId: mail.mailboxId,
      class: mail.class,
      reason: mail.reason,
      signals: JSON.stringify(mail.signals),
      detail: mail.detail,
      filteredAt: mail.filteredAt,
      raw: mail.raw,
    };
    for (const name of ['messageId', 'subject', 'from'] as const) {
      const value = mail[name];
      if (value !== undefined) fields[name] = value;
    }
    const filteredAt = Date.parse(mail.filteredAt);
    own
      .del(key)
      .hset(key, fields)
      .expire(key, this.retentionSeconds)
      .zadd(this.keys.filteredIndex(), filteredAt, mail.id)
      .zremrangebyscore(this.keys.filteredIndex(), '-inf', filteredAt - this.retentionSeconds * 1000);
    if (transaction === undefined) await execOrThrow(own);
  }

  async get(id: string): Promise<FilteredMail | undefined> {
    const hash = await this.redis.hgetallBuffer(this.keys.filtered(id));
    const text = (name: string): string | undefined => hash[name]?.toString('utf8');
    if (text('id') === undefined) return undefined;
    const optional = (name: 'messageId' | 'subject' | 'from') => {
      const value = text(name);
      return value === undefined ? {} : { [name]: value };
    };
    return {
      id: text('id') ?? id,
      mailboxId: text('mailboxId') ?? '',
      class: (text('class') ?? 'normal') as MailClass,
      reason: (text('reason') ?? 'bulk') as FilterReason,
      signals: parseSignals(text('signals')),
      detail: text('detail') ?? '',
      filteredAt: text('filteredAt') ?? '',
      raw: hash.raw ?? Buffer.alloc(0),
      ...optional('messageId'),
      ...optional('subject'),
      ...optional('from'),
    };
  }

  /** Which of `ids` are kept as filtered mails (one round trip). */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const scores = await this.redis.zmscore(this.keys.filteredIndex(), ...ids);
    return new Set(ids.filter((_, i) => scores[i] !== null));
  }

  /** Ids of filtered mails still kept, oldest first. */
  async list(limit = 1000): Promise<string[]> {
    await this.prune();
    return this.redis.zrange(this.keys.filteredIndex(), '0', String(limit - 1));
  }

  /** How many filtered mails are kept. */
  async count(): Promise<number> {
    await this.prune();
    return this.redis.zcard(this.keys.filteredIndex());
  }

  /** Removes a filtered mail: a person deleted it, or sent it to the helpdesk after all. */
  async remove(id: string, transaction?: ChainableCommander): Promise<void> {
    const own = transaction ?? this.redis.multi();
    own.del(this.keys.filtered(id)).zrem(this.keys.filteredIndex(), id);
    if (transaction === undefined) await execOrThrow(own);
  }

  /** Index entries outlive their expired hashes: drop those older than the retention. */
  private async prune(): Promise<void> {
    const cutoff = this.now().getTime() - this.retentionSeconds * 1000;
    await this.redis.zremrangebyscore(this.keys.filteredIndex(), '-inf', cutoff);
  }
}

/** Commits `transaction`; EXEC answers a failed command inside it as a reply, not as a rejection. */
async function execOrThrow(transaction: ChainableCommander): Promise<void> {
  const replies = await transaction.exec();
  const failed = replies?.find(([error]) => error !== null)?.[0];
  if (failed) throw failed;
}

function parseSignals(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
