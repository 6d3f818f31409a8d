import { consecutiveFailures, type PollResult } from './consecutive-failures.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** What one poll of one mailbox did, as the poller hands it over. */
export interface PollOutcome {
  readonly mailboxId: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly result: PollResult;
  /** Why a failed poll failed, one short sentence for a person. */
  readonly reason?: string;
  /** Mails downloaded (RETR). */
  readonly fetched: number;
  readonly queued: number;
  readonly duplicates: number;
  readonly deadLettered: number;
}

/** A mailbox's last poll as Redis holds it, with the run of failures that led to it. */
export interface RecordedPollOutcome extends PollOutcome {
  readonly consecutiveFailures: number;
  /** When a poll of this mailbox last went through, if one ever did. */
  readonly lastOkAt?: Date;
}

/** Longest failure reason kept: enough to say what went wrong, not a server's whole reply. */
const MAX_REASON_LENGTH = 300;

/**
 * The last poll of each mailbox, one hash per mailbox (`RedisKeys.pollOutcome`), so
 * `popdesk status` sees it from any replica. Written under the mailbox's poll lock, so the
 * read-then-write of the failure count never races another poller of the same mailbox.
 */
export class PollOutcomeStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Records `outcome` as the mailbox's last poll; resolves the run of failures it makes. */
  async record(outcome: PollOutcome): Promise<number> {
    const key = this.keys.pollOutcome(outcome.mailboxId);
    const previous = Number((await this.redis.hget(key, 'consecutiveFailures')) ?? 0);
    const failures = consecutiveFailures(previous, outcome.result);
    const fields: Record<string, string> = {
      startedAt: outcome.startedAt.toISOString(),
      endedAt: outcome.endedAt.toISOString(),
      result: outcome.result,
      fetched: String(outcome.fetched),
      queued: String(outcome.queued),
      duplicates: String(outcome.duplicates),
      deadLettered: String(outcome.deadLettered),
      consecutiveFailures: String(failures),
    };
    if (outcome.result === 'ok') fields.lastOkAt = outcome.endedAt.toISOString();
    const transaction = this.redis.multi().hdel(key, 'reason').hset(key, fields);
    if (outcome.reason !== undefined)
      transaction.hset(key, 'reason', outcome.reason.slice(0, MAX_REASON_LENGTH));
    const replies = await transaction.exec();
    // EXEC answers a failed command inside the transaction as a reply, not as a rejection.
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
    return failures;
  }

  /** The mailbox's last recorded poll, or undefined when it was never polled. */
  async read(mailboxId: string): Promise<RecordedPollOutcome | undefined> {
    const hash = await this.redis.hgetall(this.keys.pollOutcome(mailboxId));
    if (hash.startedAt === undefined || hash.endedAt === undefined) return undefined;
    const count = (name: string): number => Number(hash[name] ?? 0);
    return {
      mailboxId,
      startedAt: new Date(hash.startedAt),
      endedAt: new Date(hash.endedAt),
      result: hash.result === 'ok' ? 'ok' : 'failed',
      fetched: count('fetched'),
      queued: count('queued'),
      duplicates: count('duplicates'),
      deadLettered: count('deadLettered'),
      consecutiveFailures: count('consecutiveFailures'),
      ...(hash.reason !== undefined ? { reason: hash.reason } : {}),
      ...(hash.lastOkAt !== undefined ? { lastOkAt: new Date(hash.lastOkAt) } : {}),
    };
  }
}
