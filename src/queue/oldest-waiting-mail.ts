import type { Queue } from 'bullmq';

/**
 * When the mail that has waited longest for a worker was taken in (its job's enqueue time), or
 * undefined when none waits. Prioritized jobs wait too. BullMQ lists a wait list newest first
 * unless asked for ascending order.
 */
export async function oldestWaitingMailSince(queue: Queue): Promise<Date | undefined> {
  const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
  return oldest === undefined ? undefined : new Date(oldest.timestamp);
}
