import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { peekHeaders } from '../mail/peek-headers.js';
import { DurabilityTimeoutError } from './errors/durability-timeout-error.js';
import { MAIL_JOB, type MailJobData } from './jobs/mail-job.js';
import { mailRef } from './mail-ref.js';
import type { RawMailStore } from './raw-mail-store.js';
import type { RedisKeys } from './redis-keys.js';

/** Dependencies and settings of {@link MailIntake}. */
export interface MailIntakeOptions {
  readonly redis: Redis;
  readonly queue: Queue;
  readonly keys: RedisKeys;
  readonly rawMail: RawMailStore;
  /** How long a taken-in UIDL or Message-ID + content is remembered, in seconds. */
  readonly retentionSeconds: number;
  /** Wait for the AOF fsync after each mail (Redis 7.2+ WAITAOF). */
  readonly waitAof: boolean;
  readonly now: () => Date;
}

/** Marker stored instead of a reference for a mail left on the server as too large. */
const TOO_LARGE = 'too-large';

/** How an earlier poll dealt with a UIDL. */
export type KnownMail = 'queued' | 'too-large';

/** What became of a mail handed to the intake. */
export interface IntakeOutcome {
  readonly kind: 'queued' | 'duplicate';
  readonly ref: string;
  /** The Message-ID as the header gave it, for logs. */
  readonly messageId: string | undefined;
}

/**
 * The step between the mailbox and the queue. A mail handed to `accept` is, when the promise
 * resolves, in Redis twice over: its raw bytes and a job that refers to them. Only then may the
 * poller send DELE. Every step is repeatable: after a crash anywhere, fetching the same message
 * again writes the same keys and the same job id, and the de-duplication records (mailbox +
 * UIDL, and Message-ID + content hash) turn it into a no-op.
 */
export class MailIntake {
  constructor(private readonly options: MailIntakeOptions) {}

  /**
   * The UIDLs of `mailboxId` that were already dealt with: `queued` ones the poller deletes
   * without RETR, `too-large` ones it leaves alone.
   */
  async known(mailboxId: string, uidls: readonly string[]): Promise<Map<string, KnownMail>> {
    const { redis, keys, retentionSeconds } = this.options;
    const known = new Map<string, KnownMail>();
    if (uidls.length === 0) return known;
    const values = await redis.mget(uidls.map((uidl) => keys.seenUidl(mailboxId, uidl)));
    uidls.forEach((uidl, i) => {
      const value = values[i];
      if (value !== null && value !== undefined)
        known.set(uidl, value === TOO_LARGE ? 'too-large' : 'queued');
    });
    if (known.size > 0) {
      // A mailbox in keep mode shows the same messages every poll: keep their records alive.
      const refresh = redis.pipeline();
      for (const uidl of known.keys()) refresh.expire(keys.seenUidl(mailboxId, uidl), retentionSeconds);
      await refresh.exec();
    }
    return known;
  }

  /** Remembers a mail that was dead-lettered as too large, so later polls skip it. */
  async markTooLarge(mailboxId: string, uidl: string): Promise<void> {
    await this.options.redis.set(
      this.options.keys.seenUidl(mailboxId, uidl),
      TOO_LARGE,
      'EX',
      this.options.retentionSeconds,
    );
  }

  /** Stores the raw mail and enqueues its job; see the class comment for the guarantee. */
  async accept(mailboxId: string, uidl: string, raw: Buffer): Promise<IntakeOutcome> {
    const { redis, queue, keys, retentionSeconds } = this.options;
    const ref = mailRef(mailboxId, uidl);
    const headers = peekHeaders(raw);
    const rawSha256 = createHash('sha256').update(raw).digest('hex');
    const uidlKey = keys.seenUidl(mailboxId, uidl);
    const contentKey = keys.seenContent(headers.messageId ?? '', rawSha256);

    const [uidlSeen, contentSeen, ticketExists] = await Promise.all([
      redis.exists(uidlKey),
      redis.exists(contentKey),
      redis.exists(keys.ticket(ref)),
    ]);
    if (uidlSeen === 1 || contentSeen === 1 || ticketExists === 1) {
      await redis.set(uidlKey, ref, 'EX', retentionSeconds);
      return { kind: 'duplicate', ref, messageId: headers.messageId };
    }

    await this.options.rawMail.put(ref, raw, this.options.now());
    const data: MailJobData = {
      mailboxId,
      ref,
      uidl,
      size: raw.length,
      fetchedAt: this.options.now().toISOString(),
      waits: 0,
      revived: 0,
      ...headers,
    };
    // Same ref, same job id: BullMQ ignores the add while an earlier job for this mail exists.
    await queue.add(MAIL_JOB, data, { jobId: ref });
    const records = redis
      .multi()
      .set(uidlKey, ref, 'EX', retentionSeconds)
      .set(contentKey, ref, 'EX', retentionSeconds);
    // A reply fetched in the same batch must wait for this mail's ticket instead of opening its own.
    if (headers.messageId !== undefined)
      records.set(keys.pending(headers.messageId), ref, 'EX', retentionSeconds);
    await records.exec();
    if (this.options.waitAof) {
      const [local] = (await redis.call('WAITAOF', '1', '0', '10000')) as number[];
      if (local !== 1) throw new DurabilityTimeoutError(`Redis did not fsync mail ${ref} within 10 s`);
    }
    return { kind: 'queued', ref, messageId: headers.messageId };
  }
}
