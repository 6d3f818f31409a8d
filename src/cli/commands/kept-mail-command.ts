import { writeFile } from 'node:fs/promises';
import { connectRedis, GIVE_UP_ON_REDIS } from '../../app/connect-redis.js';
import { createMailQueue } from '../../app/create-mail-queue.js';
import { loadConfig, type PopdeskConfig } from '../../config/index.js';
import { RawMailStore } from '../../queue/raw-mail-store.js';
import type { RedisClient } from '../../queue/redis-client.js';
import { checkRedisDurability } from '../../queue/redis-durability.js';
import { RedisKeys } from '../../queue/redis-keys.js';
import { type KeptMail, type RequeueOutcome, requeueMail } from '../../queue/requeue-mail.js';
import type { CliOutput } from '../cli-output.js';
import { terminalText } from '../terminal-text.js';

const DAY_SECONDS = 24 * 60 * 60;

/** What every kept record shows a person, besides what its own listing adds. */
export interface KeptRecord {
  readonly id: string;
  readonly reason: string;
  readonly raw: Buffer;
}

/**
 * One place popdesk keeps mail that got no ticket (filtered mail, dead letters), as the
 * `list|show|export|requeue|delete` commands see it.
 */
export interface KeptMailShelf<R extends KeptRecord> {
  /** The command's name: `filtered`, `dead-letters`. */
  readonly command: string;
  /** One record, as a person calls it: `filtered mail`, `dead letter`. */
  readonly noun: string;
  /** What an empty listing says: `no filtered mail`, `no dead letters`. */
  readonly none: string;
  /** Ids, oldest first, at most `limit`. */
  list(limit: number): Promise<string[]>;
  get(id: string): Promise<R | undefined>;
  remove(id: string): Promise<void>;
  /** The fields of the record's line in `list`, in order. */
  columns(record: R): string[];
  /** The record as the requeue takes it. */
  kept(record: R): KeptMail;
}

/** What the person asked for. */
export interface KeptMailRequest {
  readonly action: 'list' | 'show' | 'export' | 'requeue' | 'delete';
  readonly id?: string;
  readonly config?: string;
  /** For export: where to write the .eml. */
  readonly output?: string;
  /** For requeue: every record (of `reason`, when given). */
  readonly all?: boolean;
  /** For list and `requeue --all`: only records kept for this reason. */
  readonly reason?: string;
}

/**
 * Runs one `popdesk filtered|dead-letters <action>` against the shelf `open` builds on a fresh
 * Redis connection; resolves the exit code: 0 done, 1 an id unknown or a mail not requeued,
 * 2 the command line was incomplete.
 */
export async function keptMailCommand<R extends KeptRecord>(
  open: (redis: RedisClient, keys: RedisKeys, config: PopdeskConfig) => KeptMailShelf<R>,
  request: KeptMailRequest,
  out: CliOutput,
): Promise<number> {
  // Listing and requeueing kept mail goes through Redis and the helpdesk, never a mailbox.
  const config = loadConfig({
    ...(request.config !== undefined ? { path: request.config } : {}),
    mailboxSecrets: false,
  });
  const redis = await connectRedis({ target: config.redis.target, patience: GIVE_UP_ON_REDIS });
  const keys = new RedisKeys(config.redis.prefix);
  const shelf = open(redis, keys, config);
  try {
    if (request.action === 'list') return await list(shelf, request.reason, out);
    if (request.action === 'requeue') return await requeue(shelf, request, { config, redis, keys }, out);
    if (request.reason !== undefined) {
      out.error(`--reason goes with list and requeue --all`);
      return 2;
    }
    if (request.id === undefined) {
      out.error(`${shelf.command} ${request.action} needs an id (see: popdesk ${shelf.command} list)`);
      return 2;
    }
    const record = await shelf.get(request.id);
    if (record === undefined) {
      out.error(`no ${shelf.noun} "${request.id}"`);
      return 1;
    }
    if (request.action === 'show') {
      const { raw, ...rest } = record;
      out.print(JSON.stringify({ ...rest, rawBytes: raw.length }, null, 2));
    } else if (request.action === 'export') {
      const path = request.output ?? `${record.id}.eml`;
      await writeFile(path, record.raw);
      const headersOnly = shelf.kept(record).rawComplete ? '' : ' (headers only)';
      out.print(`wrote ${record.raw.length} bytes to ${path}${headersOnly}`);
    } else {
      await shelf.remove(record.id);
      out.print(`deleted ${shelf.noun} ${record.id}`);
    }
    return 0;
  } finally {
    redis.disconnect();
  }
}

async function list<R extends KeptRecord>(
  shelf: KeptMailShelf<R>,
  reason: string | undefined,
  out: CliOutput,
): Promise<number> {
  let printed = 0;
  for await (const record of records(shelf, await shelf.list(Number.MAX_SAFE_INTEGER), reason)) {
    // One line per record: a Subject holding a line break must not print a forged record below.
    out.print(
      shelf
        .columns(record)
        .map((field) => terminalText(field, 'single-line'))
        .join('  '),
    );
    printed += 1;
  }
  if (printed === 0) out.print(reason === undefined ? shelf.none : `${shelf.none} (reason ${reason})`);
  return 0;
}

async function requeue<R extends KeptRecord>(
  shelf: KeptMailShelf<R>,
  request: KeptMailRequest,
  context: { readonly config: PopdeskConfig; readonly redis: RedisClient; readonly keys: RedisKeys },
  out: CliOutput,
): Promise<number> {
  if ((request.id === undefined) === (request.all !== true)) {
    out.error(`${shelf.command} requeue needs an id or --all (not both)`);
    return 2;
  }
  if (request.reason !== undefined && request.all !== true) {
    out.error('--reason goes with requeue --all');
    return 2;
  }
  // The raw mail goes back into Redis: refuse a Redis that could evict it, as start-up does.
  await checkRedisDurability(context.redis);
  const { config, redis, keys } = context;
  const queue = createMailQueue(redis, config);
  const deps = {
    queue,
    rawMail: new RawMailStore(redis, keys, config.worker.retainRawDays * DAY_SECONDS),
    now: () => new Date(),
  };
  try {
    if (request.id !== undefined) {
      const record = await shelf.get(request.id);
      if (record === undefined) {
        out.error(`no ${shelf.noun} "${request.id}"`);
        return 1;
      }
      const outcome = await requeueMail(deps, shelf.kept(record), () => shelf.remove(record.id));
      return report(shelf, record, outcome, out) ? 0 : 1;
    }
    let tried = 0;
    let refused = 0;
    for await (const record of records(shelf, await shelf.list(Number.MAX_SAFE_INTEGER), request.reason)) {
      const outcome = await requeueMail(deps, shelf.kept(record), () => shelf.remove(record.id));
      tried += 1;
      if (!report(shelf, record, outcome, out)) refused += 1;
    }
    const ofReason = request.reason === undefined ? '' : ` (reason ${request.reason})`;
    out.print(
      tried === 0 ? `${shelf.none} to requeue${ofReason}` : `requeued ${tried - refused} of ${tried}`,
    );
    return refused === 0 ? 0 : 1;
  } finally {
    await queue.close();
  }
}

/** Prints what became of one record; true when it was requeued. */
function report<R extends KeptRecord>(
  shelf: KeptMailShelf<R>,
  record: R,
  outcome: RequeueOutcome,
  out: CliOutput,
): boolean {
  if (outcome.kind === 'requeued') {
    out.print(`requeued ${record.id} (${record.reason}): a worker delivers it as a normal mail`);
    return true;
  }
  if (outcome.kind === 'headers-only') {
    out.error(
      `${record.id} not requeued: only its headers were kept (${record.reason}), there is no mail to ` +
        `deliver; export them with: popdesk ${shelf.command} export ${record.id}`,
    );
  } else {
    out.error(
      `${record.id} not requeued: its job is ${outcome.state}, and ends as a ticket or a dead letter ` +
        `on its own; nothing changed`,
    );
  }
  return false;
}

/**
 * The records of `ids` that still exist, only those kept for `reason` when one is given; one at
 * a time, as each holds its raw mail.
 */
async function* records<R extends KeptRecord>(
  shelf: KeptMailShelf<R>,
  ids: readonly string[],
  reason: string | undefined,
): AsyncGenerator<R> {
  for (const id of ids) {
    const record = await shelf.get(id);
    if (record !== undefined && (reason === undefined || record.reason === reason)) yield record;
  }
}
