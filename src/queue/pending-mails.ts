import type { Queue } from 'bullmq';
import { mailJobSchema } from './jobs/mail-job.js';

/** A mail that has neither a ticket nor a dead letter yet, for a person to look at. */
export interface PendingMail {
  readonly ref: string;
  readonly subject?: string;
  readonly from?: string;
  /** Its job's BullMQ state (`waiting`, `delayed`, `active`, `failed`...), `unknown` with no job. */
  readonly state: string;
}

/** Describes `refs` from their jobs: the header fields the intake kept, and the job's state. */
export async function describePendingMails(queue: Queue, refs: readonly string[]): Promise<PendingMail[]> {
  return Promise.all(
    refs.map(async (ref): Promise<PendingMail> => {
      const job = await queue.getJob(ref);
      if (job === undefined) return { ref, state: 'unknown' };
      const data = mailJobSchema.safeParse(job.data);
      return {
        ref,
        ...(data.success && data.data.subject !== undefined ? { subject: data.data.subject } : {}),
        ...(data.success && data.data.from !== undefined ? { from: data.data.from } : {}),
        state: await job.getState(),
      };
    }),
  );
}
