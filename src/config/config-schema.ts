import { z } from 'zod';
import { helpdeskSchema } from './helpdesk-schema.js';
import { httpSchema } from './http-schema.js';
import { hygieneSchema } from './hygiene-schema.js';
import { mailboxListSchema } from './mailbox-schema.js';
import { redisSchema } from './redis-schema.js';
import { routingSchema, threadingSchema } from './routing-schema.js';
import { durationSchema, integerSchema } from './scalar-schemas.js';

/** Retry delays of a failed delivery: exponential from `initial`, capped at `max`. */
const backoffSchema = z
  .strictObject({
    /** First delay, at least 100ms; milliseconds once parsed. Default `5s`. */
    initial: durationSchema('100ms').prefault('5s'),
    /** Longest delay, not below `initial`; milliseconds once parsed. Default `1h`. */
    max: durationSchema('100ms').prefault('1h'),
  })
  .superRefine((backoff, ctx) => {
    if (backoff.max < backoff.initial) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must not be shorter than initial' });
    }
  });

/** The workers that post queued mail to the helpdesk. */
const workerSchema = z.strictObject({
  /** Mails posted at the same time. 1-256, default 4. */
  concurrency: integerSchema(1, 256).default(4),
  /**
   * Delivery attempts before a mail is given up on and kept as a dead letter. 1-100, default 60:
   * with the default backoff, 25-50 hours of a helpdesk failing with 5xx or not answering.
   */
  attempts: integerSchema(1, 100).default(60),
  /** Retry delays. Default `{ initial: 5s, max: 1h }`. */
  backoff: backoffSchema.prefault({}),
  /**
   * While delivery is paused because the helpdesk refuses popdesk (401/403), how often one held
   * mail is sent to see whether it was fixed; at least 1s. Default `1m`.
   */
  pausedProbeInterval: durationSchema('1s').prefault('1m'),
  /** Longest `Retry-After` from the helpdesk that is honoured, at least 1s. Default `1h`. */
  maxRetryAfter: durationSchema('1s').prefault('1h'),
  /** Days the raw mail is kept after its ticket exists; 0 deletes it at once. 0-3650, default 0. */
  retainRawDays: integerSchema(0, 3650).default(0),
});

/** Remembering which mails were already turned into tickets. */
const dedupeSchema = z.strictObject({
  /** Days a mail's fingerprint is kept, so a re-fetched mail is not posted twice. 1-3650, default 30. */
  retentionDays: integerSchema(1, 3650).default(30),
});

/** Stopping on SIGTERM or SIGINT. */
const shutdownSchema = z.strictObject({
  /** How long running jobs and POP3 sessions may take to finish; milliseconds once parsed. Default `30s`. */
  graceTimeout: durationSchema('0s').prefault('30s'),
});

/** The one-off `popdesk poll-once` run. */
const pollOnceSchema = z.strictObject({
  /**
   * How long a run may wait for its mails to become tickets or dead letters, at least 1s;
   * milliseconds once parsed. Then it exits 3 naming the mails still pending. Default `30m`.
   */
  deadline: durationSchema('1s').prefault('30m'),
});

/** Logging. */
const logSchema = z.strictObject({
  /** Least severe level written: fatal, error, warn, info, debug or trace. Default `info`. */
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /**
   * `json` (one object per line), `pretty` (text for a person) or `auto` (default): pretty when
   * stdout is a terminal, JSON otherwise. The command line's `--log-format` wins over it.
   */
  format: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

/** The whole popdesk configuration. Every object is strict: an unknown key is an error. */
export const configSchema = z.strictObject({
  /** Redis connection. */
  redis: redisSchema.prefault({}),
  /** The POP3 mailboxes to poll; at least one, ids unique. */
  mailboxes: mailboxListSchema,
  /** Where tickets are created. Required. */
  helpdesk: helpdeskSchema,
  /** Which queue, group or topic a new ticket goes to. */
  routing: routingSchema.prefault({}),
  /** How replies are tied to existing tickets. */
  threading: threadingSchema.prefault({}),
  /** Auto-replies, bounces, loops, spam and list mail. */
  hygiene: hygieneSchema.prefault({}),
  /** Delivery workers. */
  worker: workerSchema.prefault({}),
  /** De-duplication. */
  dedupe: dedupeSchema.prefault({}),
  /** Shutdown. */
  shutdown: shutdownSchema.prefault({}),
  /** `popdesk poll-once`. */
  pollOnce: pollOnceSchema.prefault({}),
  /** Logging. */
  log: logSchema.prefault({}),
  /** The HTTP listener of `popdesk start` (`/metrics`, `/healthz`, `/readyz`). */
  http: httpSchema.prefault({}),
});

/** The validated configuration: defaults filled, durations in ms, sizes in bytes, files read. */
export type PopdeskConfig = z.output<typeof configSchema>;
/** The Redis connection settings. */
export type RedisConfig = PopdeskConfig['redis'];
/** The delivery worker settings. */
export type WorkerConfig = PopdeskConfig['worker'];
/** The de-duplication settings. */
export type DedupeConfig = PopdeskConfig['dedupe'];
/** The shutdown settings. */
export type ShutdownConfig = PopdeskConfig['shutdown'];
/** A log level name. */
export type LogLevel = PopdeskConfig['log']['level'];
