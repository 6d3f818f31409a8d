import type { INetworkModule } from '@azure/msal-node';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MailboxConfig, PopdeskConfig } from '../config/index.js';
import { openMailboxSession } from '../mailbox/open-mailbox-session.js';
import { type PollReport, pollMailbox } from '../mailbox/poll-mailbox.js';
import { SessionGate } from '../mailbox/session-gate.js';
import { PipeliningMemory } from '../pop3/index.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { MailIntake } from '../queue/mail-intake.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { RedisLock } from '../queue/redis-lock.js';
import { logPollFailure } from './log-poll-failure.js';
import { mailboxConnection } from './mailbox-connection.js';
import type { PopdeskAppTestSeams } from './popdesk-app-test-seams.js';

/** What a {@link MailboxPoller} polls with; {@link PopdeskApp} owns each of these. */
export interface MailboxPollerDeps {
  readonly config: PopdeskConfig;
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly intake: MailIntake;
  readonly deadLetters: DeadLetterStore;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Aborted when the app shuts down: no new RETR after that. */
  readonly stop: AbortSignal;
  readonly msalNetworkClient?: INetworkModule;
  readonly testSeams: PopdeskAppTestSeams;
}

/**
 * The poll side of popdesk: one poll of one mailbox under that mailbox's lock, and the logging a
 * scheduled poll does around it (a lock held by another poller, a poll that failed).
 */
export class MailboxPoller {
  /**
   * Hosts whose pipelining probe failed, shared by every session this poller opens: the poller
   * opens a new client per session, and the point is that the next session remembers.
   */
  private readonly pipeliningMemory = new PipeliningMemory();

  constructor(private readonly deps: MailboxPollerDeps) {}

  /**
   * Polls one mailbox until it is empty, under its lock. Resolves `locked` when another poller
   * holds the lock (it is polling this mailbox right now).
   */
  async pollOnce(mailboxId: string): Promise<PollReport | 'locked'> {
    const { config, redis, keys, deadLetters, now, testSeams } = this.deps;
    const mailbox = this.mailbox(mailboxId);
    const held = await this.pollLock(mailbox.id).acquire();
    if (held === undefined) return 'locked';
    const logger = this.deps.logger.child({ component: 'poller' });
    const connection = {
      ...mailboxConnection(mailbox, redis, config.redis.prefix, logger, this.deps.msalNetworkClient),
      pipeliningMemory: this.pipeliningMemory,
    };
    const pop3Logger = logger.child({ component: 'pop3', mailbox: mailbox.id });
    const intake = testSeams.intake?.(this.deps.intake) ?? this.deps.intake;
    try {
      return await pollMailbox(mailbox, {
        openSession: async () => {
          const session = await openMailboxSession(connection, pop3Logger);
          const client = testSeams.session?.(session.client) ?? session.client;
          return { ...session, client };
        },
        intake,
        deadLetters,
        gate: new SessionGate({
          redis,
          key: keys.sessionGate(mailbox.id),
          now,
          pollIntervalMs: mailbox.pollInterval,
        }),
        logger,
        now,
        signal: AbortSignal.any([this.deps.stop, held.lost]),
      });
    } finally {
      await held.release();
    }
  }

  /** One scheduled poll: never throws, since a failure is logged at error level every cycle. */
  async pollScheduled(mailboxId: string, logger: Logger): Promise<void> {
    try {
      const report = await this.pollOnce(mailboxId);
      if (report === 'locked') await this.logLockHeld(mailboxId, logger);
      else if (report.queued.length > 0 || report.deadLetters.length > 0) {
        logger.info(
          { mailbox: mailboxId, queued: report.queued.length, deleted: report.deleted },
          'poll finished',
        );
      }
    } catch (error) {
      // Logged every cycle at error level: a mailbox that cannot be polled must never go quiet.
      logPollFailure(logger, mailboxId, error);
    }
  }

  private pollLock(mailboxId: string): RedisLock {
    const { redis, keys, now, testSeams } = this.deps;
    return new RedisLock(
      redis,
      keys.pollLock(mailboxId),
      testSeams.pollLockTtlMs ?? 30_000,
      'mailbox lock',
      now,
    );
  }

  /**
   * A lock held a little while is another poller at work (debug). Held longer than a poll can
   * last (two session deadlines, plus a minute to connect and log in) it is a poller that hangs
   * while renewing its lock: warn, since the mailbox is not being emptied.
   */
  private async logLockHeld(mailboxId: string, logger: Logger): Promise<void> {
    const since = await this.pollLock(mailboxId).heldSince();
    const longestPollMs = 2 * this.mailbox(mailboxId).sessionDeadline + 60_000;
    const heldMs = since === undefined ? 0 : this.deps.now().getTime() - since.getTime();
    if (heldMs > longestPollMs) {
      logger.warn(
        { mailbox: mailboxId, heldSince: since?.toISOString(), heldMs, longestPollMs },
        'another poller has held this mailbox longer than a poll can take; is it stuck?',
      );
    } else logger.debug({ mailbox: mailboxId }, 'another poller holds this mailbox; skipped');
  }

  private mailbox(id: string): MailboxConfig {
    const mailbox = this.deps.config.mailboxes.find((candidate) => candidate.id === id);
    if (mailbox === undefined) throw new Error(`no mailbox "${id}" in the config`);
    return mailbox;
  }
}
