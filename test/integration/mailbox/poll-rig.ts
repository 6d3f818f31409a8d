import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { openMailboxSession } from '../../../src/mailbox/open-mailbox-session.js';
import { type MailboxPollSettings, type PollReport, pollMailbox } from '../../../src/mailbox/poll-mailbox.js';
import { SessionGate } from '../../../src/mailbox/session-gate.js';
import { createLogger } from '../../../src/observability/create-logger.js';
import { type PipeliningMemory, type PipeliningMode, silentPop3Logger } from '../../../src/pop3/index.js';
import { DeadLetterStore } from '../../../src/queue/dead-letter-store.js';
import { MAIL_QUEUE } from '../../../src/queue/jobs/mail-job.js';
import { MailIntake } from '../../../src/queue/mail-intake.js';
import { RawMailStore } from '../../../src/queue/raw-mail-store.js';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import type { FaultServer } from '../../support/fault-pop3-server.js';

/** The real poll cycle against a fault server and a real Redis, one key prefix per mailbox. */
export interface PollRig {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly intake: MailIntake;
  readonly deadLetters: DeadLetterStore;
  readonly logs: Array<Record<string, unknown>>;
  /** The clock the gate and the poll read; tests move it forward. */
  now: Date;
  poll(
    server: FaultServer,
    settings?: Partial<MailboxPollSettings>,
    options?: {
      password?: string;
      maxInFlightBytes?: number;
      pipelining?: PipeliningMode;
      pipeliningMemory?: PipeliningMemory;
    },
  ): Promise<PollReport>;
  /** The raw mail stored for a ref. */
  raw(ref: string): Promise<Buffer | null>;
  stop(): Promise<void>;
}

/** Starts a private Redis and wires the poll cycle to it as PopdeskApp does. */
export async function startPollRig(): Promise<PollRig> {
  const server: RedisServer = await startRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const keys = new RedisKeys(`p${randomBytes(4).toString('hex')}`);
  const queue = new Queue(MAIL_QUEUE, { connection: redis, prefix: keys.prefix });
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const rig: PollRig = {
    redis,
    keys,
    logs,
    now: new Date(),
    intake: new MailIntake({
      redis,
      queue,
      keys,
      rawMail: new RawMailStore(redis, keys, 0),
      retentionSeconds: 3600,
      durability: { waitAof: false, minReplicas: 0, replicaTimeoutMs: 0 },
      now: () => rig.now,
    }),
    deadLetters: new DeadLetterStore(redis, keys),
    poll(fault, settings = {}, options = {}) {
      const full: MailboxPollSettings = {
        id: 'support',
        batchSize: 100,
        maxMessageBytes: 10 * 1024 * 1024,
        oversize: 'keep',
        mode: 'delete',
        sessionDeadline: 60_000,
        ...settings,
      };
      return pollMailbox(full, {
        openSession: () =>
          openMailboxSession(
            {
              host: '127.0.0.1',
              port: fault.port,
              tls: 'none',
              verifyCertificate: false,
              username: 'user',
              timeoutMs: 5000,
              pipelineWindow: 100,
              ...(options.pipelining !== undefined ? { pipelining: options.pipelining } : {}),
              ...(options.pipeliningMemory !== undefined
                ? { pipeliningMemory: options.pipeliningMemory }
                : {}),
              credential: { password: options.password ?? 'secret' },
            },
            silentPop3Logger,
          ),
        intake: rig.intake,
        deadLetters: rig.deadLetters,
        gate: new SessionGate({
          redis,
          key: keys.sessionGate(full.id),
          now: () => rig.now,
          pollIntervalMs: 60_000,
        }),
        logger,
        now: () => rig.now,
        ...(options.maxInFlightBytes !== undefined ? { maxInFlightBytes: options.maxInFlightBytes } : {}),
      });
    },
    raw: (ref) => redis.getBuffer(keys.raw(ref)),
    async stop() {
      await queue.close();
      redis.disconnect();
      await server.stop();
    },
  };
  return rig;
}

/** A LIST or UIDL listing line by line, as a hook answers it. */
export function listing(entries: ReadonlyArray<readonly [number, string | number]>): string {
  return `+OK\r\n${entries.map(([n, value]) => `${n} ${value}\r\n`).join('')}.\r\n`;
}
