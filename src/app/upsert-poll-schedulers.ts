import type { Queue } from 'bullmq';
import type { MailboxConfig } from '../config/index.js';
import { POLL_JOB, pollSchedulerId } from '../queue/jobs/poll-job.js';

/**
 * Makes the poll queue hold one job scheduler per configured mailbox, at its interval, and none
 * for mailboxes no longer configured. Idempotent: every replica runs it at start, and the poller
 * again when Redis came back empty.
 */
export async function upsertPollSchedulers(
  pollQueue: Queue,
  mailboxes: readonly MailboxConfig[],
): Promise<void> {
  const wanted = new Set(mailboxes.map((mailbox) => pollSchedulerId(mailbox.id)));
  for (const scheduler of await pollQueue.getJobSchedulers()) {
    if (scheduler.key !== undefined && !wanted.has(scheduler.key))
      await pollQueue.removeJobScheduler(scheduler.key);
  }
  for (const mailbox of mailboxes) {
    await pollQueue.upsertJobScheduler(
      pollSchedulerId(mailbox.id),
      { every: mailbox.pollInterval },
      { name: POLL_JOB, data: { mailboxId: mailbox.id } },
    );
  }
}
