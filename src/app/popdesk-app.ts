import { type Job, Queue, Worker } from 'bullmq';
import type { PopdeskConfig } from '../config/index.js';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { PollReport } from '../mailbox/poll-mailbox.js';
import { DeadLetterStore } from '../queue/dead-letter-store.js';
import { FilteredMailStore } from '../queue/filtered-mail-store.js';
import { POLL_QUEUE, pollJobSchema } from '../queue/jobs/poll-job.js';
import { MailIntake } from '../queue/mail-intake.js';
import { PollOutcomeStore } from '../queue/poll-outcome-store.js';
import { RawMailStore } from '../queue/raw-mail-store.js';
import type { RedisClient } from '../queue/redis-client.js';
import { checkRedisDurability } from '../queue/redis-durability.js';
import { RedisKeys } from '../queue/redis-keys.js';
import { TicketLedger } from '../queue/ticket-ledger.js';
import type { MailJobReconciler } from '../worker/mail-job-reconciler.js';
import { connectRedis, GIVE_UP_ON_REDIS } from './connect-redis.js';
import { createMailQueue } from './create-mail-queue.js';
import { createRedis } from './create-redis.js';
import { logBullmqError } from './log-bullmq-error.js';
import { MailboxPoller } from './mailbox-poller.js';
import type { Outcomes, PopdeskAppDeps } from './popdesk-app-deps.js';
import type { PopdeskAppTestSeams } from './popdesk-app-test-seams.js';
import { watchRedisData } from './redis-data-watch.js';
import { upsertPollSchedulers } from './upsert-poll-schedulers.js';
import { type WaitOptions, waitForOutcomes } from './wait-for-outcomes.js';

const DAY_SECONDS = 24 * 60 * 60;
/** How often the poller checks that Redis still holds popdesk's data, besides after every reconnect. */
const REDIS_WATCH_INTERVAL_MS = 30_000;
/** How long after Redis came back empty (or new) every mail taken in is looked up in the helpdesk. */
const RECHECK_WINDOW_MS = 10 * 60 * 1000;

/**
 * popdesk wired together: RedisClient connections, the mail and poll queues, the poller (one job
 * scheduler and one lock per mailbox) and the mail workers. `src/cli` builds one per process
 * and starts the roles it was asked for.
 */
export class PopdeskApp {
  private readonly workers: Worker[] = [];
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
    this.mailQueue = createMailQueue(this.redis, config);
    this.pollQueue = new Queue(POLL_QUEUE, {
      connection: this.redis,
      prefix: config.redis.prefix,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 1000 } },
    });
    const deadLetters = new DeadLetterStore(this.redis, this.keys);
    this.deadLetters = testSeams.deadLetters?.(deadLetters) ?? deadLetters;
    this.rawMail = new RawMailStore(this.redis, this.keys, config.worker.retainRawDays * DAY_SECONDS);
    this.filtered = new FilteredMailStore(
      this.redis,
      this.keys,
      config.hygiene.retentionDays * DAY_SECONDS,
      this.now,
    );
    for (const queue of [this.mailQueue, this.pollQueue])
      queue.on('error', logBullmqError(this.redis, deps.logger, `${queue.name} queue error`));
    const retentionSeconds = config.dedupe.retentionDays * DAY_SECONDS;
    const ledger = new TicketLedger({
      redis: this.redis,
      keys: this.keys,
      retentionSeconds: Math.max(retentionSeconds, 400 * DAY_SECONDS),
      rawMail: this.rawMail,
      deadLetters: this.deadLetters,
      filtered: this.filtered,
    });
    this.ledger = testSeams.ledger?.(ledger) ?? ledger;
    const intake = new MailIntake({
      redis: this.redis,
      queue: this.mailQueue,
      keys: this.keys,
      rawMail: this.rawMail,
      retentionSeconds,
      durability: {
        waitAof,
        minReplicas: config.redis.minReplicas,
        replicaTimeoutMs: config.redis.minReplicasTimeout,
      },
      now: this.now,
    });
    this.intake = intake;
    this.poller = new MailboxPoller({
      config,
      redis: this.redis,
      keys: this.keys,
      intake,
      deadLetters: this.deadLetters,
      pollOutcomes: new PollOutcomeStore(this.redis, this.keys),
      logger: deps.logger,
      now: this.now,
      stop: this.stopPolling.signal,
      ...(deps.msalNetworkClient !== undefined ? { msalNetworkClient: deps.msalNetworkClient } : {}),
      testSeams,
    });
    this.adapter = deps.adapter;
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
    const probe = await connectRedis({
      target: config.redis.target,
      patience: deps.redisPatience ?? GIVE_UP_ON_REDIS,
      logger: deps.logger,
    });
    try {
      const durability = await checkRedisDurability(probe);
      if (durability.warning !== undefined)
        deps.logger.warn({ redis: durability.version }, durability.warning);
      if (durability.replicas < config.redis.minReplicas) {
        deps.logger.warn(
          { minReplicas: config.redis.minReplicas, replicas: durability.replicas },
          `redis.minReplicas is ${config.redis.minReplicas} but Redis has ${durability.replicas} replica(s) connected: mail stays in the mailbox until enough replicas confirm it`,
        );
      }
      return new PopdeskApp(config, deps, testSeams, durability.waitAof);
    } finally {
      probe.disconnect();
    }
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
    const { worker, reconciler } = startMailWorker({
      config: this.config,
      logger: this.deps.logger.child({ component: 'worker' }),
      now: this.now,
      redis: this.redis,
      blocking: this.blockingConnection('worker'),
      keys: this.keys,
      mailQueue: this.mailQueue,
      ledger: this.ledger,
      deadLetters: this.deadLetters,
      rawMail: this.rawMail,
      filtered: this.filtered,
      adapter: this.adapter,
      ...(this.testSeams.workerTimings !== undefined ? { timings: this.testSeams.workerTimings } : {}),
    });
    this.reconcilers.push(reconciler);
    this.workers.push(worker);
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
    const worker = new Worker(
      POLL_QUEUE,
      async (job: Job) => {
        const { mailboxId } = pollJobSchema.parse(job.data);
        await this.poller.pollScheduled(mailboxId, logger);
      },
      {
        connection: this.blockingConnection('poller'),
        prefix: this.config.redis.prefix,
        concurrency: Math.max(1, this.config.mailboxes.length),
      },
    );
    worker.on('error', logBullmqError(this.redis, logger, 'poll worker error'));
    this.workers.push(worker);
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
    return waitForOutcomes(
      {
        ledger: this.ledger,
        deadLetters: this.deadLetters,
        filtered: this.filtered,
        queue: this.mailQueue,
        now: this.now,
      },
      refs,
      options,
    );
  }

  /**
   * Shuts down in order: no new RETR (mails in flight are stored, deleted and committed with
   * QUIT), then workers finish their active jobs within `graceMs` (after that they are closed
   * hard and BullMQ hands their jobs to another worker), then the connections close.
   */
  async close(graceMs = this.config.shutdown.graceTimeout): Promise<void> {
    this.stopPolling.abort();
    await Promise.all(this.reconcilers.map((reconciler) => reconciler.stop()));
    this.stopWatchingRedis();
    const closing = Promise.all(this.workers.map((worker) => worker.close()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    if ((await Promise.race([closing, timedOut])) === 'timeout') {
      this.deps.logger.warn({ graceMs }, 'active jobs did not finish in time; closing anyway');
      await Promise.all(this.workers.map((worker) => worker.close(true)));
    }
    clearTimeout(timer);
    await Promise.all([this.mailQueue.close(), this.pollQueue.close()]);
    for (const connection of [this.redis, ...this.blocking]) connection.disconnect();
  }

  private blockingConnection(name: string): RedisClient {
    const connection = createRedis(this.config.redis.target, name, this.deps.logger);
    this.blocking.push(connection);
    return connection;
  }
}
