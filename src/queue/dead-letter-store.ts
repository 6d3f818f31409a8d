import type { ChainableCommander } from 'ioredis';
import { NO_PIPELINE_METRICS, type PipelineMetrics } from '../observability/metrics/pipeline-metrics.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** Why a mail became a dead letter. */
export type DeadLetterReason =
  | 'helpdesk-rejected'
  | 'retries-exhausted'
  | 'too-large'
  | 'unfetchable'
  | 'raw-missing'
  /** The workers running it died or stalled more often than BullMQ's `maxStalledCount`. */
  | 'stalled'
  /** Its raw copy was in Redis but its job was gone. */
  | 'orphaned'
  | 'unexpected-error';

/** Every {@link DeadLetterReason}, for a command line that picks one (`--reason`). */
export const DEAD_LETTER_REASONS = Object.keys({
  'helpdesk-rejected': true,
  'retries-exhausted': true,
  'too-large': true,
  unfetchable: true,
  'raw-missing': true,
  stalled: true,
  orphaned: true,
  'unexpected-error': true,
} satisfies Record<DeadLetterReason, true>) as readonly DeadLetterReason[];

/** A mail popdesk could not turn into a ticket, kept with its raw bytes until a person acts. */
export interface DeadLetter {
  readonly id: string;
  readonly ref: string;
  readonly mailboxId: string;
  readonly reason: DeadLetterReason;
  /** A sentence for a person: what failed and what the helpdesk said. */
  readonly detail: string;
  readonly failedAt: string;
  readonly attempts: number;
  readonly status?: number;
  readonly responseBody?: string;
  readonly messageId?: string;
  readonly subject?: string;
  readonly from?: string;
  /** The raw mail; for a mail too large to download, only its headers (`rawComplete` false). */
  readonly raw: Buffer;
  readonly rawComplete: boolean;
}

/**
 * Dead letters live in Redis with no expiry and are never removed automatically: unlike a
 * failed-mail folder that is wiped every run (glpi#8297), they stay until someone retries or
 * deletes them.
 */
export class DeadLetterStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    /** Counts every letter written, whichever part of popdesk wrote it. */
    private readonly metrics: PipelineMetrics = NO_PIPELINE_METRICS,
  ) {}

  /** Records a dead letter; writing the same id again replaces it (a retried mail failing twice). */
  async add(letter: DeadLetter): Promise<void> {
    const fields: Record<string, string | Buffer> = {
      id: letter.id,
      ref: letter.ref,
      mailboxId: letter.mailboxId,
      reason: letter.reason,
      detail: letter.detail,
      failedAt: letter.failedAt,
      attempts: String(letter.attempts),
      raw: letter.raw,
      rawComplete: letter.rawComplete ? '1' : '0',
    };
    for (const key of ['status', 'responseBody', 'messageId', 'subject', 'from'] as const) {
      const value = letter[key];
      if (value !== undefined) fields[key] = String(value);
    }
    const replies = await this.redis
      .multi()
      .del(this.keys.deadLetter(letter.id))
      .hset(this.keys.deadLetter(letter.id), fields)
      .zadd(this.keys.deadLetterIndex(), Date.parse(letter.failedAt), letter.id)
      .exec();
    // EXEC answers a failed command inside the transaction as a reply, not as a rejection.
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
    this.metrics.deadLettered(letter.reason);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const hash = await this.redis.hgetallBuffer(this.keys.deadLetter(id));
    const text = (name: string): string | undefined => hash[name]?.toString('utf8');
    if (text('id') === undefined) return undefined;
    const status = text('status');
    return {
      id: text('id') ?? id,
      ref: text('ref') ?? '',
      mailboxId: text('mailboxId') ?? '',
      reason: (text('reason') ?? 'unexpected-error') as DeadLetterReason,
      detail: text('detail') ?? '',
      failedAt: text('failedAt') ?? '',
      attempts: Number(text('attempts') ?? 0),
      raw: hash.raw ?? Buffer.alloc(0),
      rawComplete: text('rawComplete') === '1',
      ...(status !== undefined ? { status: Number(status) } : {}),
      ...optional('responseBody', text('responseBody')),
      ...optional('messageId', text('messageId')),
      ...optional('subject', text('subject')),
      ...optional('from', text('from')),
    };
  }

  /** Which of `ids` are dead letters, in one round trip and without loading their raw mail. */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const scores = await this.redis.zmscore(this.keys.deadLetterIndex(), ...ids);
    return new Set(ids.filter((_, i) => scores[i] !== null));
  }

  /** Ids of dead letters, oldest first. */
  async list(limit = 1000): Promise<string[]> {
    return this.redis.zrange(this.keys.deadLetterIndex(), '0', String(limit - 1));
  }

  async count(): Promise<number> {
    return this.redis.zcard(this.keys.deadLetterIndex());
  }

  /** Removes a dead letter, after a person dealt with it or its mail was delivered after all. */
  async remove(id: string): Promise<void> {
    const transaction = this.redis.multi();
    this.removeIn(id, transaction);
    await transaction.exec();
  }

  /** Queues the removal of dead letter `id` (if any) in `transaction`, for a step that ends it. */
  removeIn(id: string, transaction: ChainableCommander): void {
    transaction.del(this.keys.deadLetter(id)).zrem(this.keys.deadLetterIndex(), id);
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
