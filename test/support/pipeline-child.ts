/**
 * A popdesk process for crash tests: the real app, wired as `poll-once` wires it, that kills
 * itself with SIGKILL at one exact point of a mail's path. Run with tsx; argv[2] is JSON:
 * `{ config, crashAt, crashOn }`.
 */
import axios from 'axios';
import { PopdeskApp } from '../../src/app/popdesk-app.js';
import type { PopdeskAppTestSeams } from '../../src/app/popdesk-app-test-seams.js';
import { parseConfigObject } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/create-logger.js';

/** Where the process dies. */
export type CrashPoint = 'after-retr' | 'after-enqueue' | 'after-dele' | 'worker-start' | 'worker-after-post';

interface ChildInput {
  readonly config: Record<string, unknown>;
  readonly crashAt?: CrashPoint;
  /** Die at the n-th time the point is reached (1-based). */
  readonly crashOn?: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
let reached = 0;
const checkpoint = (point: CrashPoint): void => {
  if (input.crashAt !== point) return;
  reached += 1;
  if (reached >= (input.crashOn ?? 1)) process.kill(process.pid, 'SIGKILL');
};

const crashPoints: PopdeskAppTestSeams = {
  intake: (intake) => ({
    known: (mailboxId, uidls) => intake.known(mailboxId, uidls),
    markTooLarge: (mailboxId, uidl, size, head) => intake.markTooLarge(mailboxId, uidl, size, head),
    refused: (mailboxId, uidl, size) => intake.refused(mailboxId, uidl, size),
    markUnfetchable: (mailboxId, uidl, size) => intake.markUnfetchable(mailboxId, uidl, size),
    accept: async (mailboxId, uidl, raw, size) => {
      checkpoint('after-retr');
      return intake.accept(mailboxId, uidl, raw, size);
    },
  }),
  session: (client) => {
    const dele = client.dele.bind(client);
    const quit = client.quit.bind(client);
    client.dele = async (message) => {
      checkpoint('after-enqueue');
      return dele(message);
    };
    client.quit = async () => {
      checkpoint('after-dele');
      return quit();
    };
    return client;
  },
  ledger: (ledger) => {
    const ticketFor = ledger.ticketFor.bind(ledger);
    ledger.ticketFor = async (ref) => {
      checkpoint('worker-start');
      return ticketFor(ref);
    };
    const record = ledger.record.bind(ledger);
    ledger.record = async (ref, messageId, ticketId) => {
      checkpoint('worker-after-post');
      return record(ref, messageId, ticketId);
    };
    return ledger;
  },
};

const config = parseConfigObject(input.config);
const logger = createLogger({ level: 'warn' });
const app = await PopdeskApp.create(
  config,
  { logger, http: axios.create() },
  { ...crashPoints, workerTimings: { lockDurationMs: 2000, stalledIntervalMs: 1000 }, pollLockTtlMs: 2000 },
);
await app.startWorkers();
// A killed predecessor's lock expires after pollLockTtlMs; until then the mailbox is skipped.
const deadline = Date.now() + 30_000;
while ((await app.pollOnce('support')) === 'locked') {
  if (Date.now() > deadline) throw new Error('the mailbox stayed locked');
  await new Promise((resolve) => setTimeout(resolve, 250));
}
// Wait for every job, including one a killed predecessor left active until the stalled check.
// A job BullMQ failed on its own (stalled too often) must still end as a ticket or a dead
// letter: give the process's periodic reconciliation the time a long-running one would have.
const settleBy = Date.now() + 15_000;
for (;;) {
  const counts = await app.mailQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  const busy = Object.values(counts).some((count) => count > 0);
  const failed = (await app.mailQueue.getFailed()).map((job) => job.id ?? '');
  const [tickets, dead] = await Promise.all([
    app.ledger.ticketsFor(failed),
    app.deadLetters.existing(failed),
  ]);
  const settled = failed.every((ref, i) => tickets[i] !== null || dead.has(ref));
  if (!busy && (settled || Date.now() > settleBy)) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await app.close(5000);
process.exit(0);
