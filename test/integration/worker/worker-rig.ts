import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { classifyMail } from '../../../src/hygiene/classify-mail.js';
import type { HygienePolicy } from '../../../src/hygiene/decide-hygiene.js';
import type { InboundMail } from '../../../src/mail/index.js';
import { parseMail } from '../../../src/mail/parser.js';
import { createLogger } from '../../../src/observability/create-logger.js';
import { DeadLetterStore } from '../../../src/queue/dead-letter-store.js';
import { DeliveryLocks } from '../../../src/queue/delivery-locks.js';
import { FilteredMailStore } from '../../../src/queue/filtered-mail-store.js';
import { MAIL_JOB, MAIL_QUEUE, type MailJobData } from '../../../src/queue/jobs/mail-job.js';
import { MailIntake } from '../../../src/queue/mail-intake.js';
import { RawMailStore } from '../../../src/queue/raw-mail-store.js';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import { type RateLimitSettings, SenderRateLimit } from '../../../src/queue/sender-rate-limit.js';
import { TicketLedger } from '../../../src/queue/ticket-ledger.js';
import { createMailJobHandler, type MailJobResult } from '../../../src/worker/mail-job-handler.js';
import { eventually } from '../../support/eventually.js';
import { type RecordingHelpdesk, recordingHelpdesk } from './recording-helpdesk.js';

const DAY_SECONDS = 86_400;

/** What a rig is built with; every default is the shipped config's. */
export interface WorkerRigOptions {
  readonly policy?: Partial<HygienePolicy>;
  readonly rateLimit?: Partial<RateLimitSettings>;
  /** Whether the helpdesk adapter can add internal notes; default yes. */
  readonly notes?: boolean;
  /** The parser; default `parseMail`. */
  readonly parse?: (raw: Buffer) => Promise<InboundMail>;
}

/** One mail worker on real Redis and BullMQ, its stores, and a recording helpdesk. */
export interface WorkerRig {
  readonly helpdesk: RecordingHelpdesk;
  readonly filtered: FilteredMailStore;
  readonly ledger: TicketLedger;
  readonly deadLetters: DeadLetterStore;
  readonly rawMail: RawMailStore;
  readonly queue: Queue;
  /** Every JSON log line the worker wrote. */
  readonly logs: string[];
  /** Takes a mail in as the poller does (raw copy, pending mark, job) and resolves its ref. */
  accept(raw: Buffer): Promise<string>;
  /**
   * Queues a mail as `popdesk filtered requeue` does: raw copy and a job marked `requeued`,
   * under `ref` (replacing its finished job) or a new one.
   */
  requeue(raw: Buffer, ref?: string): Promise<string>;
  /** Waits for the mail's job to finish and resolves what the handler returned. */
  outcome(ref: string): Promise<MailJobResult>;
  close(): Promise<void>;
}

/** The shipped `hygiene` defaults the rig starts from. */
const DEFAULT_POLICY: HygienePolicy = {
  autoReplies: 'filter',
  bounces: 'note',
  spam: 'filter',
  bulk: 'filter',
};

/**
 * Starts the mail job handler as `startMailWorker` wires it, on the Redis at `url` under a
 * prefix of its own, in front of a {@link recordingHelpdesk}. The mailbox `support` is
 * `support@example.com`, an own address.
 */
export async function startWorkerRig(url: string, options: WorkerRigOptions = {}): Promise<WorkerRig> {
  const redis = new Redis(url);
  const blocking = new Redis(url, { maxRetriesPerRequest: null });
  const prefix = `rig${randomBytes(4).toString('hex')}`;
  const keys = new RedisKeys(prefix);
  const now = () => new Date();
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    }),
  });
  const queue = new Queue(MAIL_QUEUE, { connection: redis, prefix, defaultJobOptions: { attempts: 3 } });
  const rawMail = new RawMailStore(redis, keys, 0);
  const deadLetters = new DeadLetterStore(redis, keys);
  const filtered = new FilteredMailStore(redis, keys, 30 * DAY_SECONDS, now);
  const ledger = new TicketLedger({
    redis,
    keys,
    retentionSeconds: 400 * DAY_SECONDS,
    rawMail,
    deadLetters,
    filtered,
  });
  const intake = new MailIntake({
    redis,
    queue,
    keys,
    rawMail,
    retentionSeconds: DAY_SECONDS,
    durability: { waitAof: false, minReplicas: 0, replicaTimeoutMs: 0 },
    now,
  });
  const helpdesk = recordingHelpdesk({ notes: options.notes ?? true });
  const ownAddresses = new Set(['support@example.com']);
  const handler = createMailJobHandler({
    rawMail,
    deliveryLocks: new DeliveryLocks(redis, keys, 5000),
    ledger,
    deadLetters,
    filtered,
    adapter: helpdesk,
    parse: options.parse ?? ((raw) => parseMail(raw)),
    classify: (mail) => classifyMail(mail, { ownAddresses, spamScl: 5 }),
    hygiene: { ...DEFAULT_POLICY, ...options.policy },
    rateLimit: new SenderRateLimit(
      redis,
      keys,
      { perSender: 20, perDomain: 0, windowMs: 3_600_000, ...options.rateLimit },
      now,
    ),
    logger,
    now,
    maxAttempts: 3,
    maxRetryAfterMs: 60_000,
    maxWaits: 50,
    maxParentWaits: 20,
    route: () => ({ tags: [] }),
    trust: 'participants',
    closedTickets: 'reopen',
    stripQuotes: false,
    pauseDelivery: async () => Date.now() + 60_000,
  });
  const worker = new Worker(MAIL_QUEUE, handler, { connection: blocking, prefix, concurrency: 4 });
  let uidl = 0;
  return {
    helpdesk,
    filtered,
    ledger,
    deadLetters,
    rawMail,
    queue,
    logs,
    async accept(raw) {
      uidl += 1;
      const outcome = await intake.accept('support', `uidl-${uidl}`, raw, raw.length);
      return outcome.ref;
    },
    async requeue(raw, given) {
      uidl += 1;
      const ref = given ?? `requeued-${uidl}`;
      await (await queue.getJob(ref))?.remove();
      await rawMail.put(ref, raw, now());
      const data: MailJobData = {
        mailboxId: 'support',
        ref,
        uidl: `uidl-${uidl}`,
        size: raw.length,
        fetchedAt: now().toISOString(),
        waits: 0,
        revived: 0,
        requeued: true,
      };
      await queue.add(MAIL_JOB, data, { jobId: ref });
      return ref;
    },
    async outcome(ref) {
      return eventually(`the job of ${ref} to finish`, async () => {
        const job = await queue.getJob(ref);
        const state = await job?.getState();
        if (state === 'failed') throw new Error(`the job of ${ref} failed: ${job?.failedReason}`);
        return state === 'completed' ? (job?.returnvalue as MailJobResult) : undefined;
      });
    },
    async close() {
      await worker.close();
      await queue.close();
      redis.disconnect();
      blocking.disconnect();
    },
  };
}
