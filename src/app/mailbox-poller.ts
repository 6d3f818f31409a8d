import type { INetworkModule } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { MailboxConfig, PopdeskConfig } from '../config/index.js';
import { PollFailedError } from '../mailbox/errors/poll-failed-error.js';
import { type MailboxConnection, openMailboxSession } from '../mailbox/open-mailbox-session.js';
import { type PollReport, pollMailbox } from '../mailbox/poll-mailbox.js';
import { SessionGate } from '../mailbox/session-gate.js';
import { NO_PIPELINE_METRICS, type PipelineMetrics } from '../observability/metrics/pipeline-metrics.js';
import { PipeliningMemory } from '../pop3/index.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { MailIntake } from '../queue/mail-intake.js';
import type { PollOutcome, PollOutcomeStore } from '../queue/poll-outcome-store.js';
import type { RedisClient } from '../queue/redis-client.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { RedisLock } from '../queue/redis-lock.js';
import { logPollFailure } from './log-poll-failure.js';
import { mailboxConnection } from './mailbox-connection.js';
import type { PopdeskAppTestSeams } from './popdesk-app-test-seams.js';

/** What a {@link MailboxPoller} polls with; {@link PopdeskApp} owns each of these. */
export interface MailboxPollerDeps {
  readonly config: PopdeskConfig;
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  readonly intake: MailIntake;
  readonly deadLetters: DeadLetterStore;
  /** Where each poll's outcome is recorded for `popdesk status`. */
  readonly pollOutcomes: Pick<PollOutcomeStore, 'record'>;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Aborted when the app shuts down: no new RETR after that. */
  readonly stop: AbortSignal;
  readonly msalNetworkClient?: INetworkModule;
  readonly testSeams: PopdeskAppTestSeams;
  /** Where each poll's counts and duration go; nothing counts by default. */
  readonly metrics?: PipelineMetrics;
}

/**
 * The poll side of popdesk: one poll of one mailbox under that mailbox's lock, its outcome
 * recorded and its heartbeat logged, and the logging a scheduled poll does around it (a lock
 * held by another poller, a poll that failed).
 */
export class MailboxPoller {
  /**
   * Hosts whose pipelining probe failed, shared by every session this poller opens: the poller
   * opens a new client per session, and the point is that the next session remembers.
   */
  private readonly pipeliningMemory = new PipeliningMemory();
  /**
   * Each mailbox's connection settings, made once: an app-only token provider keeps its token in
   * memory, so a new one per poll would ask Microsoft for a token every poll.
   */
  private readonly connections = new Map<string, MailboxConnection>();

  constructor(private readonly deps: MailboxPollerDeps) {}

  /**
   * Polls one mailbox until it is empty, under its lock, records how the poll ended and logs one
   * info line for a poll that went through, even one that found nothing: the heartbeat. Resolves
   * `locked` when another poller holds the lock (it is polling this mailbox right now).
   */
  async pollOnce(mailboxId: string): Promise<PollReport | 'locked'> {
    const { redis, keys, deadLetters, now, testSeams } = this.deps;
    const mailbox = this.mailbox(mailboxId);
    const held = await this.pollLock(mailbox.id).acquire();
    if (held === undefined) return 'locked';
    const logger = this.deps.logger.child({ component: 'poller' });
    const connection = this.connection(mailbox, logger);
    const pop3Logger = logger.child({ component: 'pop3', mailbox: mailbox.id });
    const intake = testSeams.intake?.(this.deps.intake) ?? this.deps.intake;
    const metrics = this.deps.metrics ?? NO_PIPELINE_METRICS;
    const startedAt = now();
    try {
      const report = await pollMailbox(mailbox, {
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
      // Held back by the back-off after refused logins, the mailbox is still failing to be emptied.
      const backingOff =
        report.deferred?.reason === 'login-backoff'
          ? `the server refused the login earlier; no new attempt before ${report.deferred.until.toISOString()}`
          : undefined;
      const outcome = pollOutcome(mailbox.id, startedAt, now(), report, backingOff);
      await this.record(outcome, logger);
      const { fetched, queued, duplicates, deadLettered, endedAt } = outcome;
      const durationMs = endedAt.getTime() - startedAt.getTime();
      logger.info(
        {
          mailbox: mailbox.id,
          fetched,
          queued,
          duplicates,
          deadLettered,
          deleted: report.deleted,
          durationMs,
        },
        `poll finished: ${queued} new`,
      );
      metrics.pollSucceeded(mailbox.id, { fetched, queued, duplicates }, durationMs / 1000, endedAt);
      return report;
    } catch (error) {
      metrics.pollFailed(mailbox.id, (now().getTime() - startedAt.getTime()) / 1000);
      const report = error instanceof PollFailedError ? error.report : undefined;
      await this.record(pollOutcome(mailbox.id, startedAt, now(), report, failureReason(error)), logger);
      throw error;
    } finally {
      await held.release();
    }
  }

  /** Records a poll's outcome; a Redis that cannot take it is logged, never fails the poll. */
  private async record(outcome: PollOutcome, logger: Logger): Promise<void> {
    try {
      await this.deps.pollOutcomes.record(outcome);
    } catch (error) {
      logger.warn(
        { mailbox: outcome.mailboxId, err: error },
        'could not record the poll outcome; popdesk status shows the one before',
      );
    }
  }

  /** One scheduled poll: never throws, since a failure is logged at error level every cycle. */
  async pollScheduled(mailboxId: string, logger: Logger): Promise<void> {
    try {
      const report = await this.pollOnce(mailboxId);
      if (report === 'locked') await this.logLockHeld(mailboxId, logger);
    } catch (error) {
      // Logged every cycle: a mailbox that cannot be polled must never go quiet.
      logPollFailure(logger, this.mailbox(mailboxId), error);
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

  private connection(mailbox: MailboxConfig, logger: Logger): MailboxConnection {
    const { config, redis, msalNetworkClient } = this.deps;
    let connection = this.connections.get(mailbox.id);
    if (connection === undefined) {
      connection = {
        ...mailboxConnection(mailbox, redis, config.redis.prefix, logger, msalNetworkClient),
        pipeliningMemory: this.pipeliningMemory,
      };
      this.connections.set(mailbox.id, connection);
    }
    return connection;
  }

  private mailbox(id: string): MailboxConfig {
    const mailbox = this.deps.config.mailboxes.find((candidate) => candidate.id === id);
    if (mailbox === undefined) throw new Error(`no mailbox "${id}" in the config`);
    return mailbox;
  }
}

/** A poll's outcome from its report; a poll that failed before it had one did nothing. */
function pollOutcome(
  mailboxId: string,
  startedAt: Date,
  endedAt: Date,
  report: PollReport | undefined,
  reason?: string,
): PollOutcome {
  return {
    mailboxId,
    startedAt,
    endedAt,
    result: reason === undefined ? 'ok' : 'failed',
    ...(reason !== undefined ? { reason } : {}),
    fetched: report?.fetched ?? 0,
    queued: report?.queued.length ?? 0,
    duplicates: report?.duplicates ?? 0,
    deadLettered: report?.deadLetters.length ?? 0,
  };
}

/** Why a poll failed, for a person: what broke, without the "polling mailbox x failed" wrapper. */
function failureReason(error: unknown): string {
  const cause = error instanceof PollFailedError ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
