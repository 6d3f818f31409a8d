import { z } from 'zod';

/** The queue the per-mailbox job schedulers put poll jobs on. */
export const POLL_QUEUE = 'poll';
export const POLL_JOB = 'poll';

/** Poll one mailbox now. */
export const pollJobSchema = z.object({ mailboxId: z.string() });

export type PollJobData = z.infer<typeof pollJobSchema>;

/** The job scheduler id of a mailbox: one per mailbox, however many replicas upsert it. */
export function pollSchedulerId(mailboxId: string): string {
  return `poll-${mailboxId}`;
}
