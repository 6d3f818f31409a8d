import type { Worker } from 'bullmq';

/**
 * Closes `workers`, letting their active jobs finish for up to `graceMs`. Resolves `true` when
 * they closed in time, `false` when the grace time ran out first: then the caller drops the
 * Redis connections, since BullMQ answers a second close() (even a forced one) with the first
 * one's promise, which waits on a Redis that may not answer. A job still running then stalls,
 * and another worker takes it up.
 */
export async function closeWorkers(workers: readonly Worker[], graceMs: number): Promise<boolean> {
  const closing = Promise.all(workers.map((worker) => worker.close())).then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  try {
    return await Promise.race([closing, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
