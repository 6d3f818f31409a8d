import type { Queue } from 'bullmq';
import { tokenCacheStore } from '../app/mailbox-connection.js';
import type { MailboxConfig, PopdeskConfig } from '../config/index.js';
import type { HelpdeskCircuitStore } from '../queue/helpdesk-circuit-store.js';
import { pollSchedulerId } from '../queue/jobs/poll-job.js';
import { oldestWaitingMailSince } from '../queue/oldest-waiting-mail.js';
import type { PollOutcomeStore } from '../queue/poll-outcome-store.js';
import type { RedisClient } from '../queue/redis-client.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { appSignInState } from './app-sign-in-state.js';
import type {
  HelpdeskStatus,
  KeptMailCounts,
  MailboxStatus,
  PopdeskStatus,
  QueueStatus,
  SignInStatus,
} from './popdesk-status.js';
import { signInState } from './sign-in-state.js';

/** Where {@link gatherStatus} reads from; the caller opens and closes each. */
export interface GatherStatusDeps {
  readonly config: PopdeskConfig;
  /** The config file as the person named it, for the sign-in command a status suggests. */
  readonly configPath: string | undefined;
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  readonly mailQueue: Queue;
  readonly pollQueue: Queue;
  readonly pollOutcomes: Pick<PollOutcomeStore, 'read'>;
  readonly circuit: Pick<HelpdeskCircuitStore, 'read'>;
  readonly now: () => Date;
}

/**
 * Reads everything `popdesk status` shows from Redis (and a file token cache), without changing
 * anything. Rejects when Redis cannot answer; a token cache that cannot be read shows as sign-in
 * state `unknown` instead, so the rest is still reported.
 */
export async function gatherStatus(deps: GatherStatusDeps): Promise<PopdeskStatus> {
  const now = deps.now();
  const { redis, keys } = deps;
  // Independent reads: sent together rather than each waiting for the one before.
  const [mailboxes, queue, deadLetters, filtered, helpdesk] = await Promise.all([
    Promise.all(deps.config.mailboxes.map((mailbox) => mailboxStatus(deps, mailbox))),
    queueStatus(deps.mailQueue, now),
    countByReason(redis, keys.deadLetterIndex(), (id) => keys.deadLetter(id)),
    countByReason(redis, keys.filteredIndex(), (id) => keys.filtered(id)),
    helpdeskStatus(deps),
  ]);
  return { at: now.toISOString(), mailboxes, queue, deadLetters, filtered, helpdesk };
}

async function mailboxStatus(deps: GatherStatusDeps, mailbox: MailboxConfig): Promise<MailboxStatus> {
  const [outcome, scheduler, signIn] = await Promise.all([
    deps.pollOutcomes.read(mailbox.id),
    deps.pollQueue.getJobScheduler(pollSchedulerId(mailbox.id)),
    signInStatus(deps, mailbox),
  ]);
  return {
    id: mailbox.id,
    lastPoll:
      outcome === undefined
        ? null
        : {
            startedAt: outcome.startedAt.toISOString(),
            endedAt: outcome.endedAt.toISOString(),
            result: outcome.result,
            reason: outcome.reason ?? null,
            fetched: outcome.fetched,
            queued: outcome.queued,
            duplicates: outcome.duplicates,
            deadLettered: outcome.deadLettered,
          },
    lastOkAt: outcome?.lastOkAt?.toISOString() ?? null,
    consecutiveFailures: outcome?.consecutiveFailures ?? 0,
    nextPollAt: scheduler?.next !== undefined ? new Date(scheduler.next).toISOString() : null,
    signIn,
  };
}

async function signInStatus(deps: GatherStatusDeps, mailbox: MailboxConfig): Promise<SignInStatus> {
  if (mailbox.auth.type === 'oauth2-outlook-app') return appSignInState(mailbox.auth);
  if (mailbox.auth.type !== 'oauth2-outlook') return { type: 'password' };
  const configArgument = deps.configPath === undefined ? '' : ` --config ${deps.configPath}`;
  const fix = `popdesk auth outlook --mailbox ${mailbox.id}${configArgument}`;
  try {
    return signInState(await tokenCacheStore(mailbox, deps.redis, deps.config.redis.prefix).load(), fix);
  } catch (error) {
    return {
      type: 'oauth2-outlook',
      state: 'unknown',
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

async function queueStatus(queue: Queue, now: Date): Promise<QueueStatus> {
  const [counts, oldestSince] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
    oldestWaitingMailSince(queue),
  ]);
  return {
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    oldestWaitingAgeSeconds:
      oldestSince === undefined
        ? null
        : Math.max(0, Math.round((now.getTime() - oldestSince.getTime()) / 1000)),
  };
}

/**
 * Counts the records an index lists by their `reason` field, read in one pipeline without their
 * raw mail. Reads the index itself rather than through the stores, whose listing prunes it:
 * status changes nothing.
 */
async function countByReason(
  redis: RedisClient,
  index: string,
  key: (id: string) => string,
): Promise<KeptMailCounts> {
  const ids = await redis.zrange(index, '0', '-1');
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hget(key(id), 'reason');
  const replies = ids.length === 0 ? [] : ((await pipeline.exec()) ?? []);
  const byReason = new Map<string, number>();
  let total = 0;
  for (const [error, reason] of replies) {
    if (error !== null) throw error;
    // An index entry whose record expired (a filtered mail past its retention) is not kept mail.
    if (typeof reason !== 'string') continue;
    total += 1;
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const sorted = [...byReason.entries()].sort(([a], [b]) => a.localeCompare(b));
  return { total, byReason: Object.fromEntries(sorted) };
}

async function helpdeskStatus(deps: GatherStatusDeps): Promise<HelpdeskStatus> {
  const circuit = await deps.circuit.read();
  if (circuit === undefined) return { paused: false };
  return {
    paused: true,
    why: `the helpdesk (${deps.config.helpdesk.type}) refuses popdesk's credentials; mail is held until a probe succeeds`,
    pausedSince: new Date(circuit.openedAt).toISOString(),
    nextProbeAt: new Date(circuit.nextProbeAt).toISOString(),
  };
}
