import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';

/** What {@link waitUntilQuiet} watches. */
export interface QuietWatch {
  readonly mailQueue: Queue;
  /** Messages still in the mailbox. */
  readonly mailboxCount: () => Promise<number>;
  /** `performance.now()` value at which it gives up. */
  readonly deadlineMs: number;
  readonly signal: AbortSignal;
  readonly report: (line: string) => void;
}

/** Checks in a row that must all find nothing left to do. */
const QUIET_CHECKS = 5;
const CHECK_EVERY_MS = 1000;

/**
 * Waits until the mailbox is empty and no mail job is waiting, delayed or active, five checks
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
    quietChecks = pending === 0 && inMailbox === 0 ? quietChecks + 1 : 0;
    if (quietChecks >= QUIET_CHECKS) return true;
    const line = `in mailbox ${inMailbox}, jobs ${JSON.stringify(counts)}`;
    if (line !== lastLine) watch.report(line);
    lastLine = line;
    await sleep(CHECK_EVERY_MS, undefined, { signal: watch.signal }).catch(() => undefined);
  }
  return false;
}
