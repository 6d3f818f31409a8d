import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { type DeadLetter, DeadLetterStore } from '../../../src/queue/dead-letter-store.js';
import { type FilteredMail, FilteredMailStore } from '../../../src/queue/filtered-mail-store.js';
import { MAIL_JOB, MAIL_QUEUE, type MailJobData } from '../../../src/queue/jobs/mail-job.js';
import { RawMailStore } from '../../../src/queue/raw-mail-store.js';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import { type PopdeskExit, popdesk } from '../../support/popdesk-cli.js';

/** One popdesk installation as the kept-mail commands see it: its Redis, key prefix and config file. */
export interface KeptMailInstallation {
  readonly keys: RedisKeys;
  readonly filtered: FilteredMailStore;
  readonly deadLetters: DeadLetterStore;
  readonly rawMail: RawMailStore;
  readonly queue: Queue;
  /** Runs `popdesk <args> --config <this installation's file>` to its end. */
  cli(...args: string[]): Promise<PopdeskExit>;
  /** Adds a mail job for `ref` and lets a worker end it as `completed` or `failed`. */
  finishedJob(ref: string, end: 'completed' | 'failed'): Promise<void>;
  /**
   * Adds a mail job for `ref` and lets a worker take it and hold it (active, locked) until the
   * returned function is called.
   */
  activeJob(ref: string): Promise<() => Promise<void>>;
}

/**
 * Starts a Redis for the calling test file; `installation()` gives each test its own key prefix
 * and config file, so tests never see each other's mail.
 */
export function useKeptMailInstallations(): () => Promise<KeptMailInstallation> {
  let server: RedisServer | undefined;
  let dir = '';
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    server = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'popdesk-kept-mail-'));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return async () => {
    if (server === undefined) throw new Error('Redis is not started yet');
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const path = join(dir, `${prefix}.yaml`);
    await writeFile(
      path,
      stringify({
        redis: { url: server.url, prefix },
        mailboxes: [{ id: 'support', host: '127.0.0.1', port: 1, tls: 'none', username: 'u', password: 'p' }],
        helpdesk: {
          type: 'webhook',
          url: 'http://127.0.0.1:1/tickets',
          secret: randomBytes(16).toString('hex'),
        },
        log: { level: 'info' },
      }),
    );
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    const keys = new RedisKeys(prefix);
    const queue = new Queue(MAIL_QUEUE, { connection: redis, prefix });
    const workers: Worker[] = [];
    cleanups.push(async () => {
      await Promise.all(workers.map((worker) => worker.close(true)));
      await queue.close();
      redis.disconnect();
    });
    const work = (processor: () => Promise<void>): Worker => {
      const worker = new Worker(MAIL_QUEUE, processor, {
        connection: new Redis(server?.url ?? '', { maxRetriesPerRequest: null }),
        prefix,
        lockDuration: 30_000,
      });
      workers.push(worker);
      return worker;
    };
    const addJob = (ref: string) =>
      queue.add(MAIL_JOB, mailJob(ref), {
        jobId: ref,
        attempts: 1,
        removeOnComplete: false,
        removeOnFail: false,
      });
    return {
      keys,
      filtered: new FilteredMailStore(redis, keys, 30 * 24 * 60 * 60, () => new Date()),
      deadLetters: new DeadLetterStore(redis, keys),
      rawMail: new RawMailStore(redis, keys, 0),
      queue,
      cli: (...args) => popdesk([...args, '--config', path]).exit,
      async finishedJob(ref, end) {
        const worker = work(async () => {
          if (end === 'failed') throw new UnrecoverableError('the helpdesk rejected it');
        });
        const done = new Promise<void>((resolve) => worker.on(end, () => resolve()));
        await addJob(ref);
        await done;
        // Closed, so the job a requeue adds later waits for a worker instead of being run here.
        await worker.close();
      },
      async activeJob(ref) {
        let release = (): void => undefined;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        const worker = work(() => held);
        const taken = new Promise<void>((resolve) => worker.on('active', () => resolve()));
        await addJob(ref);
        await taken;
        return async () => {
          release();
          await worker.close();
        };
      },
    };
  };
}

/** The job the intake would have queued for `ref`, before the mail was filtered or dead-lettered. */
export function mailJob(ref: string): MailJobData {
  return {
    mailboxId: 'support',
    ref,
    uidl: `uidl-${ref}`,
    size: 100,
    fetchedAt: new Date().toISOString(),
    waits: 0,
    revived: 0,
    requeued: false,
  };
}

/** A mail ref as the intake makes them. */
export function newRef(): string {
  return `m${randomBytes(20).toString('hex')}`;
}

/** A raw mail with bytes that are no UTF-8, which must come back unchanged. */
export function rawMail(subject: string): Buffer {
  return Buffer.concat([
    Buffer.from(
      `From: Anna <anna@customer.example>\r\nTo: support@example.com\r\nSubject: ${subject}\r\n` +
        `Message-ID: <${randomBytes(6).toString('hex')}@customer.example>\r\n\r\n`,
      'latin1',
    ),
    Buffer.from([0xe9, 0x74, 0xe9, 0x0d, 0x0a, 0xff, 0x00, 0x0d, 0x0a]),
  ]);
}

/** A filtered mail as the worker keeps it. */
export function filteredMail(ref: string, overrides: Partial<FilteredMail> = {}): FilteredMail {
  return {
    id: ref,
    mailboxId: 'support',
    class: 'auto-reply',
    reason: 'auto-reply',
    signals: ['Auto-Submitted: auto-replied'],
    detail: 'an auto-reply opens no ticket',
    filteredAt: new Date().toISOString(),
    from: 'anna@customer.example',
    subject: 'Out of office',
    raw: rawMail('Out of office'),
    ...overrides,
  };
}

/** A dead letter as the worker writes it after the helpdesk rejected the mail. */
export function deadLetter(ref: string, overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    id: ref,
    ref,
    mailboxId: 'support',
    reason: 'helpdesk-rejected',
    detail: 'the helpdesk answered 422',
    failedAt: new Date().toISOString(),
    attempts: 1,
    status: 422,
    subject: 'Invoice 42',
    from: 'anna@customer.example',
    raw: rawMail('Invoice 42'),
    rawComplete: true,
    ...overrides,
  };
}
