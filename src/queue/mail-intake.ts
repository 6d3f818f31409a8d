import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import { peekHeaders } from '../mail/index.js';
import { confirmDurable, type DurabilityPolicy } from './confirm-durable.js';
import { headerDigest } from './header-digest.js';
import { MAIL_JOB, type MailJobData } from './jobs/mail-job.js';
import { mailRef } from './mail-ref.js';
import type { RawMailStore } from './raw-mail-store.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** Dependencies and settings of {@link MailIntake}. */
export interface MailIntakeOptions {
  readonly redis: RedisClient;
  readonly queue: Queue;
  readonly keys: RedisKeys;
  readonly rawMail: RawMailStore;
  /** How long a taken-in UIDL or Message-ID + content is remembered, in seconds. */
  readonly retentionSeconds: number;
  /** What each mail waits for before the poller may delete it: AOF fsync, replicas. */
  readonly durability: DurabilityPolicy;
  readonly now: () => Date;
}

/** Marker an earlier version stored instead of a reference for a mail left on the server as too large. */
const LEGACY_TOO_LARGE = 'too-large';

/**
 * How an earlier poll dealt with a UIDL, and what identified the message then: the size LIST
 * gave and, for a queued mail, the SHA-256 of its header block. Records written before sizes
 * were kept have neither.
 */
export type KnownMail =
  | {
      readonly kind: 'queued';
      readonly ref: string;
      readonly size?: number;
      readonly headerSha256?: string;
      readonly rawSha256?: string;
      /** SHA-256 of the Message-ID, when the mail had one. */
      readonly messageIdSha256?: string;
    }
  | { readonly kind: 'too-large'; readonly size?: number; readonly headerSha256?: string }
  /** RETR was refused this many polls in a row; the mail is still on the server. */
  | { readonly kind: 'refused'; readonly size: number; readonly refusals: number }
  /** RETR was refused too often: dead-lettered, left on the server, never fetched again. */
  | { readonly kind: 'unfetchable'; readonly size: number };

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
  /**
   * Accepts under way, by content key. Pipelined RETRs hand the intake several mails at once;
   * two copies of the same bytes under two UIDLs would both read "not seen" before either
   * recorded it, so the second waits for the first. Only one poller holds a mailbox's lock, so
   * this process is the only one taking in that mailbox's mail.
   */
  private readonly accepting = new Map<string, Promise<unknown>>();

  constructor(private readonly options: MailIntakeOptions) {}

  /**
   * The UIDLs of `mailboxId` that were already dealt with, with what identified the message:
   * the poller decides from this whether a listed message is one it already queued.
   */
  async known(mailboxId: string, uidls: readonly string[]): Promise<Map<string, KnownMail>> {
    const { redis, keys, retentionSeconds } = this.options;
    const known = new Map<string, KnownMail>();
    if (uidls.length === 0) return known;
    const values = await redis.mget(uidls.map((uidl) => keys.seenUidl(mailboxId, uidl)));
    uidls.forEach((uidl, i) => {
      const value = values[i];
      if (value !== null && value !== undefined) known.set(uidl, parseRecord(value));
    });
    if (known.size > 0) {
      // A mailbox in keep mode shows the same messages every poll: keep their records alive.
      const refresh = redis.pipeline();
      for (const uidl of known.keys()) refresh.expire(keys.seenUidl(mailboxId, uidl), retentionSeconds);
      await refresh.exec();
    }
    return known;
  }

  /**
   * Remembers a mail that was dead-lettered as too large, with its LIST size and the digest of
   * the headers kept (when there were any), so later polls skip it or delete only that mail.
   */
  async markTooLarge(mailboxId: string, uidl: string, listedSize: number, headers: Buffer): Promise<void> {
    const head = headers.length > 0 ? { head: headerDigest(headers) } : {};
    await this.options.redis.set(
      this.options.keys.seenUidl(mailboxId, uidl),
      JSON.stringify({ tooLarge: true, size: listedSize, ...head }),
      'EX',
      this.options.retentionSeconds,
    );
  }

  /**
   * Counts a refused RETR of a message (with its LIST size): resolves how many polls in a row
   * refused it. A UIDL recorded as queued keeps its record and counts 0: that mail is already
   * on its way to a ticket and must not also become a dead letter.
   */
  async refused(mailboxId: string, uidl: string, listedSize: number): Promise<number> {
    const { redis, keys, retentionSeconds } = this.options;
    const key = keys.seenUidl(mailboxId, uidl);
    const earlier = await redis.get(key);
    const known = earlier === null ? undefined : parseRecord(earlier);
    if (known?.kind === 'queued') return 0;
    const refusals = known?.kind === 'refused' && known.size === listedSize ? known.refusals + 1 : 1;
    await redis.set(key, JSON.stringify({ refusals, size: listedSize }), 'EX', retentionSeconds);
    return refusals;
  }

  /** Remembers a mail dead-lettered because the server would not hand it over, so later polls skip it. */
  async markUnfetchable(mailboxId: string, uidl: string, listedSize: number): Promise<void> {
    const { redis, keys, retentionSeconds } = this.options;
    const record = JSON.stringify({ unfetchable: true, size: listedSize });
    await redis.set(keys.seenUidl(mailboxId, uidl), record, 'EX', retentionSeconds);
  }

  /**
   * Stores the raw mail and enqueues its job; see the class comment for the guarantee.
   * `listedSize` is what LIST said, remembered with the UIDL so a later listing can tell a
   * reused UIDL. The reference depends on the content too, so a different mail under a reused
   * UIDL gets its own job and ticket instead of being taken for a duplicate.
   */
  async accept(mailboxId: string, uidl: string, raw: Buffer, listedSize: number): Promise<IntakeOutcome> {
    const headers = peekHeaders(raw);
    const rawSha256 = createHash('sha256').update(raw).digest('hex');
    const contentKey = this.options.keys.seenContent(headers.messageId ?? '', rawSha256);
    const earlier = this.accepting.get(contentKey);
    const run = (earlier ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.acceptOnce(mailboxId, uidl, raw, listedSize, { headers, rawSha256, contentKey }));
    this.accepting.set(contentKey, run);
    try {
      return await run;
    } finally {
      if (this.accepting.get(contentKey) === run) this.accepting.delete(contentKey);
    }
  }

  private async acceptOnce(
    mailboxId: string,
    uidl: string,
    raw: Buffer,
    listedSize: number,
    content: { headers: ReturnType<typeof peekHeaders>; rawSha256: string; contentKey: string },
  ): Promise<IntakeOutcome> {
    const { redis, queue, keys, retentionSeconds } = this.options;
    const { headers, rawSha256, contentKey } = content;
    const ref = mailRef(mailboxId, uidl, rawSha256);
    const uidlKey = keys.seenUidl(mailboxId, uidl);
    const messageIdSha256 =
      headers.messageId === undefined
        ? undefined
        : createHash('sha256').update(headers.messageId).digest('hex');
    const record = JSON.stringify({
      ref,
      size: listedSize,
      head: headerDigest(raw),
      raw: rawSha256,
      ...(messageIdSha256 !== undefined ? { mid: messageIdSha256 } : {}),
    });

    const [uidlValue, contentSeen, ticketExists] = await Promise.all([
      redis.get(uidlKey),
      redis.exists(contentKey),
      redis.exists(keys.ticket(ref)),
    ]);
    const earlier = uidlValue === null ? undefined : parseRecord(uidlValue);
    if (earlier !== undefined && isSameMail(earlier, rawSha256, messageIdSha256)) {
      await redis.expire(uidlKey, retentionSeconds);
      return {
        kind: 'duplicate',
        ref: earlier.kind === 'queued' ? earlier.ref : ref,
        messageId: headers.messageId,
      };
    }
    if (contentSeen === 1 || ticketExists === 1) {
      await redis.set(uidlKey, record, 'EX', retentionSeconds);
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
      requeued: false,
      ...headers,
    };
    // Same ref, same job id: BullMQ ignores the add while an earlier job for this mail exists.
    await queue.add(MAIL_JOB, data, { jobId: ref });
    const records = redis
      .multi()
      .set(uidlKey, record, 'EX', retentionSeconds)
      .set(contentKey, ref, 'EX', retentionSeconds);
    // A reply fetched in the same batch must wait for this mail's ticket instead of opening its own.
    // NX: a twin taken in under another reference finds the first one's mark, and looks it up.
    if (headers.messageId !== undefined)
      records.set(keys.pending(headers.messageId), ref, 'EX', retentionSeconds, 'NX');
    await records.exec();
    await confirmDurable(redis, this.options.durability, ref, uidlKey);
    return { kind: 'queued', ref, messageId: headers.messageId };
  }
}

/** Reads a UIDL record: JSON since sizes are kept, a bare reference or marker before. */
function parseRecord(value: string): KnownMail {
  if (value === LEGACY_TOO_LARGE) return { kind: 'too-large' };
  if (!value.startsWith('{')) return { kind: 'queued', ref: value };
  const parsed = JSON.parse(value) as {
    tooLarge?: boolean;
    unfetchable?: boolean;
    refusals?: number;
    ref?: string;
    size?: number;
    head?: string;
    raw?: string;
    mid?: string;
  };
  const size = typeof parsed.size === 'number' ? { size: parsed.size } : {};
  const head = parsed.head !== undefined ? { headerSha256: parsed.head } : {};
  if (parsed.tooLarge === true) return { kind: 'too-large', ...size, ...head };
  if (parsed.unfetchable === true) return { kind: 'unfetchable', size: parsed.size ?? -1 };
  if (parsed.refusals !== undefined)
    return { kind: 'refused', size: parsed.size ?? -1, refusals: parsed.refusals };
  return {
    kind: 'queued',
    ref: parsed.ref ?? '',
    ...size,
    ...head,
    ...(parsed.raw !== undefined ? { rawSha256: parsed.raw } : {}),
    ...(parsed.mid !== undefined ? { messageIdSha256: parsed.mid } : {}),
  };
}

/**
 * A queued record describes this mail: the same bytes, or the same Message-ID. The Message-ID
 * counts because Exchange renders MIME from its store on every RETR, so a message fetched again
 * after an interrupted session may differ in a boundary while being the same mail; a server
 * reusing a UIDL for another mail gives it another Message-ID. A record without a content hash
 * (written by an older version) is trusted.
 */
function isSameMail(known: KnownMail, rawSha256: string, messageIdSha256: string | undefined): boolean {
  if (known.kind !== 'queued') return false;
  if (known.rawSha256 === undefined || known.rawSha256 === rawSha256) return true;
  return messageIdSha256 !== undefined && known.messageIdSha256 === messageIdSha256;
}
