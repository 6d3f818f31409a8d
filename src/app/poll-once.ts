import type { Logger } from 'pino';
import type { PopdeskConfig } from '../config/index.js';
import { PollFailedError } from '../mailbox/errors/poll-failed-error.js';
import type { PendingMail } from '../queue/pending-mails.js';
import { logPollFailure } from './log-poll-failure.js';
import type { PopdeskApp } from './popdesk-app.js';

/** What a one-off run did, for its summary and exit code. */
export interface PollOnceSummary {
  readonly queued: number;
  readonly tickets: number;
  readonly deadLetters: number;
  /** Mails the hygiene policy kept back instead of posting. */
  readonly filtered: number;
  readonly failedMailboxes: string[];
  /** Mails still without a ticket, dead letter or filtered record when the deadline came. */
  readonly pending: PendingMail[];
}

/**
 * Polls every mailbox (or one) until it is empty, works the queue in this process, and waits
 * until every mail it queued is a ticket, a dead letter or filtered, or until `deadlineMs` after the start.
 */
export async function pollOnce(
  app: PopdeskApp,
  config: PopdeskConfig,
  logger: Logger,
  options: { readonly only?: string; readonly deadlineMs?: number } = {},
): Promise<PollOnceSummary> {
  const deadline = Date.now() + (options.deadlineMs ?? config.pollOnce.deadline);
  const worker = await app.startWorkers();
  const refs: string[] = [];
  let deadLetters = 0;
  const failedMailboxes: string[] = [];
  for (const mailbox of config.mailboxes) {
    if (options.only !== undefined && mailbox.id !== options.only) continue;
    try {
      const report = await app.pollOnce(mailbox.id);
      if (report === 'locked') {
        logger.warn({ mailbox: mailbox.id }, 'another poller is polling this mailbox; skipped');
        continue;
      }
      refs.push(...report.queued);
      deadLetters += report.deadLetters.length;
      const { deferred } = report;
      if (deferred !== undefined) {
        logger.warn(
          { mailbox: mailbox.id, reason: deferred.reason, until: deferred.until.toISOString() },
          'no new POP3 session allowed yet; mail still on the server waits for the next run',
        );
        // Refused logins are a fault to fix; a LOGIN-DELAY is the server's normal pace.
        if (deferred.reason === 'login-backoff') failedMailboxes.push(mailbox.id);
      }
    } catch (error) {
      // What the poll queued before it broke off is in Redis: deliver it before exiting.
      if (error instanceof PollFailedError) {
        refs.push(...error.report.queued);
        deadLetters += error.report.deadLetters.length;
      }
      failedMailboxes.push(mailbox.id);
      logPollFailure(logger, mailbox, error);
    }
  }
  const outcomes = await app.waitForOutcomes(refs, { deadline });
  await worker.close();
  return {
    queued: refs.length,
    tickets: outcomes.tickets.size,
    deadLetters: deadLetters + outcomes.deadLetters.length,
    filtered: outcomes.filtered.length,
    failedMailboxes,
    pending: outcomes.pending,
  };
}
