import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/**
 * The one owner of raw mail in Redis. A raw copy is stored before the mailbox may delete the
 * mail and lives as long as the mail has neither a ticket nor a dead letter: only the step that
 * writes one of those ends it, inside the same transaction (`drop` or `retain`). Every stored
 * ref is also indexed by time, so the reconciler can find a copy that nobody will deliver.
 */
export class RawMailStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    /** How long a raw copy stays after its ticket exists, in seconds; 0 drops it at once. */
    private readonly retainSeconds: number,
  ) {}

  /**
   * Stores the raw mail of `ref`, with no expiry; storing it again is harmless and restarts its
   * clock, so a copy stored again right before its job is added never looks orphaned.
   */
  async put(ref: string, raw: Buffer, storedAt: Date): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.raw(ref), raw)
      .zadd(this.keys.rawIndex(), storedAt.getTime(), ref)
      .exec();
  }

  /** The raw mail of `ref` for a delivery attempt; it stays stored. Null when there is none. */
  take(ref: string): Promise<Buffer | null> {
    return this.redis.getBuffer(this.keys.raw(ref));
  }

  /**
   * Drops the raw copy once a dead letter holds its own copy, or a repeated job found the ticket.
   * With `transaction`, the drop is queued there and commits with what made it safe.
   */
  async drop(ref: string, transaction?: ChainableCommander): Promise<void> {
    if (transaction !== undefined) this.queueDrop(ref, transaction);
    else await this.queueDrop(ref, this.redis.multi()).exec();
  }

  /**
   * Ends the raw copy's life after its ticket was recorded, in that same `transaction`: kept
   * for the configured days (`worker.retainRawDays`) with an expiry, or dropped at once.
   */
  retain(ref: string, transaction: ChainableCommander): void {
    if (this.retainSeconds > 0) {
      transaction.expire(this.keys.raw(ref), this.retainSeconds).zrem(this.keys.rawIndex(), ref);
    } else {
      this.queueDrop(ref, transaction);
    }
  }

  /** Refs whose raw copy was stored before `before` and still waits for a ticket or dead letter. */
  storedBefore(before: Date, limit = 1000): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.rawIndex(), '-inf', before.getTime(), 'LIMIT', 0, limit);
  }

  private queueDrop(ref: string, transaction: ChainableCommander): ChainableCommander {
    return transaction.del(this.keys.raw(ref)).zrem(this.keys.rawIndex(), ref);
  }
}
