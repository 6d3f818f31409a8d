import { type Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { PopdeskConfig } from '../config/index.js';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import { classifyMail } from '../hygiene/classify-mail.js';
import { parseMail } from '../mail/parser.js';
import type { PipelineMetrics } from '../observability/metrics/pipeline-metrics.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import { DeliveryLocks } from '../queue/delivery-locks.js';
import type { FilteredMailStore } from '../queue/filtered-mail-store.js';
import { HelpdeskCircuitStore } from '../queue/helpdesk-circuit-store.js';
import { MAIL_QUEUE } from '../queue/jobs/mail-job.js';
import type { RawMailStore } from '../queue/raw-mail-store.js';
import type { RedisClient } from '../queue/redis-client.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { SenderRateLimit } from '../queue/sender-rate-limit.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { routeMail } from '../routing/route-mail.js';
import { backoffDelay } from '../worker/backoff-delay.js';
import { circuitTimings, HelpdeskCircuit } from '../worker/helpdesk-circuit.js';
import { createMailJobHandler } from '../worker/mail-job-handler.js';
import { MailJobReconciler } from '../worker/mail-job-reconciler.js';
import { MAX_STALLED_COUNT, ORPHAN_GRACE_MS } from '../worker/reconcile-mail-jobs.js';
import { helpdeskCredentialHint } from './helpdesk-credential-hint.js';
import { logBullmqError } from './log-bullmq-error.js';
import { ownAddresses } from './own-addresses.js';

/** BullMQ's lock duration and stalled-job check in production. */
const WORKER_TIMINGS = { lockDurationMs: 30_000, stalledIntervalMs: 30_000 };

/** Everything one mail worker is built from; {@link PopdeskApp} owns each part. */
export interface MailWorkerParts {
  readonly config: PopdeskConfig;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly redis: RedisClient;
  /** A connection of the worker's own: BullMQ blocks on it. */
  readonly blocking: RedisClient;
  readonly keys: RedisKeys;
  readonly mailQueue: Queue;
  readonly ledger: TicketLedger;
  readonly deadLetters: DeadLetterStore;
  readonly rawMail: RawMailStore;
  readonly filtered: FilteredMailStore;
  readonly adapter: HelpdeskAdapter;
  readonly timings?: { readonly lockDurationMs: number; readonly stalledIntervalMs: number };
  /** Where delivered and filtered mail is counted. */
  readonly metrics?: PipelineMetrics;
}

/**
 * Starts one mail worker (each job becomes a ticket, a reply, a note, a filtered mail or a dead letter) behind the
 * helpdesk circuit, and beside it the reconciler that dead-letters what ended without either
 * (see `reconcileMailJobs`). The caller closes both.
 */
export function startMailWorker(parts: MailWorkerParts): { worker: Worker; reconciler: MailJobReconciler } {
  const { config, logger, now } = parts;
  const timings = parts.timings ?? WORKER_TIMINGS;
  const circuit = new HelpdeskCircuit({
    store: new HelpdeskCircuitStore(parts.redis, parts.keys),
    now,
    logger,
    helpdesk: parts.adapter.name,
    fix: helpdeskCredentialHint(config.helpdesk),
    timings: circuitTimings(config.worker.pausedProbeInterval),
  });
  const { hygiene } = config;
  // Mail from a mailbox's own address is the helpdesk's own mail coming back: a loop.
  const own = ownAddresses(config);
  const handler = createMailJobHandler({
    rawMail: parts.rawMail,
    filtered: parts.filtered,
    classify: (mail) => classifyMail(mail, { ownAddresses: own, spamScl: hygiene.spamScl }),
    hygiene,
    rateLimit: new SenderRateLimit(
      parts.redis,
      parts.keys,
      {
        perSender: hygiene.rateLimit.perSender,
        perDomain: hygiene.rateLimit.perDomain,
        windowMs: hygiene.rateLimit.window,
      },
      now,
    ),
    deliveryLocks: new DeliveryLocks(parts.redis, parts.keys, timings.lockDurationMs),
    ledger: parts.ledger,
    deadLetters: parts.deadLetters,
    adapter: parts.adapter,
    parse: (raw) => parseMail(raw),
    logger,
    now,
    maxAttempts: config.worker.attempts,
    maxRetryAfterMs: config.worker.maxRetryAfter,
    maxWaits: 50,
    maxParentWaits: 20,
    route: (mail, mailboxId) =>
      routeMail(mail, mailboxId, config.routing.rules, config.routing.default).route,
    trust: config.threading.trust,
    closedTickets: config.threading.closedTickets,
    stripQuotes: config.threading.stripQuotes,
    pauseDelivery: (error) => circuit.trip(error),
    ...(parts.metrics !== undefined ? { metrics: parts.metrics } : {}),
  });
  const backoff = { initialMs: config.worker.backoff.initial, maxMs: config.worker.backoff.max };
  const worker = new Worker(MAIL_QUEUE, circuit.guard(handler), {
    connection: parts.blocking,
    prefix: config.redis.prefix,
    concurrency: config.worker.concurrency,
    lockDuration: timings.lockDurationMs,
    stalledInterval: timings.stalledIntervalMs,
    maxStalledCount: MAX_STALLED_COUNT,
    settings: {
      backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, backoff, Math.random),
    },
  });
  worker.on('error', logBullmqError(parts.redis, logger, 'mail worker error'));
  const reconciler = new MailJobReconciler(
    {
      queue: parts.mailQueue,
      ledger: parts.ledger,
      deadLetters: parts.deadLetters,
      rawMail: parts.rawMail,
      filtered: parts.filtered,
      logger,
      now,
      maxStalledCount: MAX_STALLED_COUNT,
      orphanGraceMs: ORPHAN_GRACE_MS,
    },
    logger,
  );
  // The event is a shortcut only: a job failed while no worker listened is found by the schedule.
  worker.on('failed', () => void reconciler.runSoon());
  reconciler.start(timings.stalledIntervalMs);
  return { worker, reconciler };
}
