import { Queue, type Worker } from 'bullmq';
import { Registry } from 'prom-client';
import type { HttpConfig, PopdeskConfig } from '../config/index.js';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import { EventLoopLag } from '../http/event-loop-lag.js';
import type { ReadinessCheck } from '../http/readiness-verdict.js';
import { type RunningStatusServer, startStatusServer } from '../http/status-server.js';
import type { PollReport } from '../mailbox/poll-mailbox.js';
import { PrometheusPipelineMetrics } from '../observability/metrics/prometheus-pipeline-metrics.js';
import { registerStateGauges } from '../observability/metrics/state-gauges.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { FilteredMailStore } from '../queue/filtered-mail-store.js';
import { HelpdeskCircuitStore } from '../queue/helpdesk-circuit-store.js';
import { POLL_QUEUE } from '../queue/jobs/poll-job.js';
import { MailIntake } from '../queue/mail-intake.js';
import { PollOutcomeStore } from '../queue/poll-outcome-store.js';
import type { RawMailStore } from '../queue/raw-mail-store.js';
import type { RedisClient } from '../queue/redis-client.js';
import { RedisKeys } from '../queue/redis-keys.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import type { MailJobReconciler } from '../worker/mail-job-reconciler.js';
import { checkReadiness } from './check-readiness.js';
import { checkRedisAtStart } from './check-redis-at-start.js';
import { closeWorkers } from './close-workers.js';
import { createMailQueue } from './create-mail-queue.js';
import { createMailStores } from './create-mail-stores.js';
import { createRedis } from './create-redis.js';
import { logBullmqError } from './log-bullmq-error.js';
import { MailboxPoller } from './mailbox-poller.js';
import { observeHelpdeskRequests } from './observe-helpdesk-requests.js';
import { pipelineStateSource } from './pipeline-state-source.js';
import type { Outcomes, PopdeskAppDeps } from './popdesk-app-deps.js';
import type { PopdeskAppTestSeams } from './popdesk-app-test-seams.js';
import { watchRedisData } from './redis-data-watch.js';
import { startPollWorker } from './start-poll-worker.js';
import { upsertPollSchedulers } from './upsert-poll-schedulers.js';
import { type WaitOptions, waitForOutcomes } from './wait-for-outcomes.js';

const DAY_SECONDS = 24 * 60 * 60;

/** The parts of popdesk a process runs, as /readyz judges them. */
type Roles = { readonly poller: boolean; readonly worker: boolean };
/** How often the poller checks that Redis still holds popdesk's data, besides after every reconnect. */
const REDIS_WATCH_INTERVAL_MS = 30_000;
/** How long after Redis came back empty (or new) every mail taken in is looked up in the helpdesk. */
const RECHECK_WINDOW_MS = 10 * 60 * 1000;

/**
 * popdesk wired together: Redis connections, the mail and poll queues, the poller (one job
 * scheduler and one lock per mailbox) and the mail workers. `src/cli` builds one per process
 * and starts the roles it was asked for.
 */
export class PopdeskApp {
  private readonly mailWorkers: Worker[] = [];
  /** The helpdesk circuit's state in Redis, as /metrics and /readyz read it. */
  private readonly circuit: HelpdeskCircuitStore;
  private pollWorker: Worker | undefined;
  private statusServer: RunningStatusServer | undefined;
  /** This app's Prometheus registry (never prom-client's global one): what /metrics serves. */
  readonly registry = new Registry();
  private readonly metrics: PrometheusPipelineMetrics;
  private readonly stopPolling = new AbortController();
  private readonly redis: RedisClient;
  private readonly blocking: RedisClient[] = [];
  readonly keys: RedisKeys;
  readonly mailQueue: Queue;
  readonly pollQueue: Queue;
  readonly deadLetters: DeadLetterStore;
  readonly ledger: TicketLedger;
  readonly rawMail: RawMailStore;
  /** Mail kept back by the hygiene policy (auto-replies, bounces, loops, spam, the rate limit). */
  readonly filtered: FilteredMailStore;
  private readonly reconcilers: MailJobReconciler[] = [];
  private readonly poller: MailboxPoller;
  /** Where fetched and imported mail enters the queue (`popdesk import` hands it mail directly). */
  readonly intake: MailIntake;
  /** The helpdesk client, made when the first mail worker starts: a poller never loads one. */
  private adapter: HelpdeskAdapter | undefined;
  private readonly now: () => Date;
  private stopWatchingRedis: () => void = () => undefined;

  private constructor(
    private readonly config: PopdeskConfig,
    private readonly deps: PopdeskAppDeps,
    private readonly testSeams: PopdeskAppTestSeams,
    waitAof: boolean,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.redis = createRedis(config.redis.target, 'main', deps.logger);
    this.keys = new RedisKeys(config.redis.prefix);
    this.circuit = new HelpdeskCircuitStore(this.redis, this.keys);
    const mailboxIds = config.mailboxes.map((mailbox) => mailbox.id);
    this.metrics = new PrometheusPipelineMetrics(this.registry, mailboxIds);
    this.mailQueue = createMailQueue(this.redis, config);
    this.pollQueue = new Queue(POLL_QUEUE, {
      connection: this.redis,
      prefix: config.redis.prefix,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 1000 } },
    });
    const stores = createMailStores(this.redis, this.keys, config, {
      now: this.now,
      metrics: this.metrics,
      testSeams,
    });
    this.deadLetters = stores.deadLetters;
    this.rawMail = stores.rawMail;
    this.filtered = stores.filtered;
    this.ledger = stores.ledger;
    for (const queue of [this.mailQueue, this.pollQueue])
      queue.on('error', logBullmqError(this.redis, deps.logger, `${queue.name} queue error`));
    this.intake = new MailIntake({
      redis: this.redis,
      queue: this.mailQueue,
      keys: this.keys,
      rawMail: this.rawMail,
      retentionSeconds: config.dedupe.retentionDays * DAY_SECONDS,
      durability: {
        waitAof,
        minReplicas: config.redis.minReplicas,
        replicaTimeoutMs: config.redis.minReplicasTimeout,
      },
      now: this.now,
    });
    this.poller = new MailboxPoller({
      config,
      redis: this.redis,
      keys: this.keys,
      intake: this.intake,
      deadLetters: this.deadLetters,
      pollOutcomes: new PollOutcomeStore(this.redis, this.keys),
      logger: deps.logger,
      now: this.now,
      stop: this.stopPolling.signal,
      ...(deps.msalNetworkClient !== undefined ? { msalNetworkClient: deps.msalNetworkClient } : {}),
      testSeams,
      metrics: this.metrics,
    });
    if (deps.adapter === undefined) observeHelpdeskRequests(deps.http, this.metrics, () => performance.now());
    this.adapter = deps.adapter;
    const { redis, mailQueue, deadLetters, circuit } = this;
    registerStateGauges(
      this.registry,
      pipelineStateSource({ redis, mailQueue, deadLetters, circuit }),
      this.now,
    );
  }

  /**
   * Connects to Redis (waiting for it as `deps.redisPatience` says: by default a one-shot
   * command's ten seconds) and refuses to go on when Redis could evict queued mail.
   * `testSeams` are for tests only; production wiring passes none.
   */
  static async create(
    config: PopdeskConfig,
    deps: PopdeskAppDeps,
    testSeams: PopdeskAppTestSeams = {},
  ): Promise<PopdeskApp> {
    const { waitAof } = await checkRedisAtStart(config, deps);
    return new PopdeskApp(config, deps, testSeams, waitAof);
  }

  /**
   * Starts the mail workers: each job becomes a ticket, a reply or a dead letter. Beside them a
   * reconciler dead-letters what ended without either (see `reconcileMailJobs`). The worker side
   * (the MIME parser, the configured helpdesk's client) is imported here, not at start-up, so a
   * process that only polls never loads it.
   */
  async startWorkers(): Promise<Worker> {
    const [{ startMailWorker }, { createHelpdeskAdapter }] = await Promise.all([
      import('./start-mail-worker.js'),
      import('./create-helpdesk-adapter.js'),
    ]);
    this.adapter ??= await createHelpdeskAdapter(this.config.helpdesk, this.deps.http, () =>
      this.now().getTime(),
    );
    const { config, now, redis, keys, mailQueue, ledger, deadLetters, rawMail, filtered, adapter, metrics } =
      this;
    const { worker, reconciler } = startMailWorker({
      ...{ config, now, redis, keys, mailQueue, ledger, deadLetters, rawMail, filtered, adapter, metrics },
      logger: this.deps.logger.child({ component: 'worker' }),
      blocking: this.blockingConnection('worker'),
      ...(this.testSeams.workerTimings !== undefined ? { timings: this.testSeams.workerTimings } : {}),
    });
    this.reconcilers.push(reconciler);
    this.mailWorkers.push(worker);
    return worker;
  }

  /** Dead-letters every mail job that ended without a ticket or a dead letter; see `reconcileMailJobs`. */
  async reconcile(): Promise<string[]> {
    const results = await Promise.all(this.reconcilers.map((reconciler) => reconciler.runSoon()));
    return results.flatMap((result) => result.deadLettered);
  }

  /**
   * Starts polling on schedule: one BullMQ job scheduler per mailbox (any number of replicas
   * upsert the same one, so each interval runs once), and a worker that runs each poll under
   * the mailbox's lock. Schedulers of mailboxes no longer configured are removed.
   */
  async startPoller(): Promise<Worker> {
    const logger = this.deps.logger.child({ component: 'poller' });
    await upsertPollSchedulers(this.pollQueue, this.config.mailboxes);
    this.stopWatchingRedis = await watchRedisData({
      redis: this.redis,
      markerKey: this.keys.dataMarker(),
      recheckKey: this.keys.recheckUntil(),
      recheckWindowMs: RECHECK_WINDOW_MS,
      logger,
      now: this.now,
      intervalMs: REDIS_WATCH_INTERVAL_MS,
      reinitialise: () => upsertPollSchedulers(this.pollQueue, this.config.mailboxes),
    });
    const worker = startPollWorker({
      poller: this.poller,
      connection: this.blockingConnection('poller'),
      config: this.config,
      logger,
    });
    worker.on('error', logBullmqError(this.redis, logger, 'poll worker error'));
    this.pollWorker = worker;
    return worker;
  }

  /**
   * Polls one mailbox until it is empty, under its lock. Resolves `locked` when another poller
   * holds the lock (it is polling this mailbox right now).
   */
  pollOnce(mailboxId: string): Promise<PollReport | 'locked'> {
    return this.poller.pollOnce(mailboxId);
  }

  /**
   * Waits until every mail in `refs` has a ticket, a dead letter or a filtered record, or until `options.deadline`;
   * see {@link waitForOutcomes}. Used by `poll-once`, which must not exit before its mails are delivered.
   */
  waitForOutcomes(refs: readonly string[], options: WaitOptions = {}): Promise<Outcomes> {
    const { ledger, deadLetters, filtered, mailQueue: queue, now } = this;
    return waitForOutcomes({ ledger, deadLetters, filtered, queue, now }, refs, options);
  }

  /**
   * Shuts down in order: no new RETR (mails in flight are stored, deleted and committed with
   * QUIT), then workers finish their active jobs within `graceMs` (after that they are closed
   * hard and BullMQ hands their jobs to another worker), then the connections close.
   */
  async close(graceMs = this.config.shutdown.graceTimeout): Promise<void> {
    this.stopPolling.abort();
    // First: a load balancer or Prometheus sees the process go instead of half-closed answers.
    await this.statusServer?.close();
    await Promise.all(this.reconcilers.map((reconciler) => reconciler.stop()));
    this.stopWatchingRedis();
    const workers = this.pollWorker === undefined ? this.mailWorkers : [...this.mailWorkers, this.pollWorker];
    if (!(await closeWorkers(workers, graceMs))) {
      this.deps.logger.warn({ graceMs }, 'active jobs did not finish in time; closing anyway');
      for (const connection of [this.redis, ...this.blocking]) connection.disconnect();
      return;
    }
    await Promise.all([this.mailQueue.close(), this.pollQueue.close()]);
    for (const connection of [this.redis, ...this.blocking]) connection.disconnect();
  }

  /**
   * Opens the HTTP listener (`/metrics`, `/healthz`, `/readyz`) on `http.host:http.port`; `start`
   * does, before it starts `roles` (so a taken port stops it before any mail is touched), and
   * /readyz fails until they run. One-shot commands open none. Resolves with the bound address
   * (port 0 takes a free one).
   */
  async startHttpServer(roles: Roles, http: HttpConfig = this.config.http): Promise<RunningStatusServer> {
    const { registry, deps } = this;
    const logger = deps.logger.child({ component: 'http' });
    const readiness = () => this.readiness(roles);
    const server = { registry, readiness, eventLoopLag: new EventLoopLag(), logger };
    this.statusServer = await startStatusServer(server, http.host, http.port);
    return this.statusServer;
  }

  /** What /readyz reports: Redis, the roles this process runs, and the helpdesk circuit. */
  private readiness(roles: Roles): Promise<ReadinessCheck[]> {
    return checkReadiness({
      roles,
      redis: this.redis,
      circuit: this.circuit,
      ...(this.pollWorker !== undefined ? { poller: this.pollWorker, schedulers: this.schedulers() } : {}),
      workers: this.mailWorkers,
    });
  }

  /** One poll scheduler per configured mailbox must exist: /readyz counts them. */
  private schedulers(): { expected: number; count: () => Promise<number> } {
    return { expected: this.config.mailboxes.length, count: () => this.pollQueue.getJobSchedulersCount() };
  }

  private blockingConnection(name: string): RedisClient {
    const connection = createRedis(this.config.redis.target, name, this.deps.logger);
    this.blocking.push(connection);
    return connection;
  }
}
