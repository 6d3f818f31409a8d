import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';

/** What {@link waitUntilQuiet} watches. */
export interface QuietWatch {
  readonly mailQueue: Queue;
  /** Messages still in the mailbox. */
  readonly mailboxCount: () => Promise<number>;
  /** Failed mail jobs with neither a ticket nor a dead letter: the reconciler has work left. */
  readonly strandedCount: () => Promise<number>;
  /** `performance.now()` value at which it gives up. */
  readonly deadlineMs: number;
  readonly signal: AbortSignal;
  readonly report: (line: string) => void;
}

/** Checks in a row that must all find nothing left to do. */
const QUIET_CHECKS = 5;
const CHECK_EVERY_MS = 1000;

/**
 * Waits until the mailbox is empty, no mail job is waiting, delayed or active, and every failed
 * job has a ticket or a dead letter (popdesk's reconciler runs every 30 s), five checks
 * in a row a second apart, or until the deadline. Resolves true when it went quiet.
 */
export async function waitUntilQuiet(watch: QuietWatch): Promise<boolean> {
  let quietChecks = 0;
  let lastLine = '';
  while (performance.now() < watch.deadlineMs && !watch.signal.aborted) {
    const counts = await watch.mailQueue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    const pending = Object.values(counts).reduce((sum, count) => sum + count, 0);
    const inMailbox = await watch.mailboxCount();
    const stranded = await watch.strandedCount();
    quietChecks = pending === 0 && inMailbox === 0 && stranded === 0 ? quietChecks + 1 : 0;
    if (quietChecks >= QUIET_CHECKS) return true;
    const line = `in mailbox ${inMailbox}, jobs ${JSON.stringify(counts)}, failed without outcome ${stranded}`;
    if (line !== lastLine) watch.report(line);
    lastLine = line;
    await sleep(CHECK_EVERY_MS, undefined, { signal: watch.signal }).catch(() => undefined);
  }
  return false;
}
