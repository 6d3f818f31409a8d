import axios from 'axios';
import type { Logger } from 'pino';
import { PopdeskApp } from '../../app/popdesk-app.js';
import { loadConfig, type PopdeskConfig } from '../../config/index.js';
import { PollFailedError } from '../../mailbox/errors/poll-failed-error.js';
import { createLogger } from '../../observability/create-logger.js';
import type { PendingMail } from '../../queue/pending-mails.js';

/** Exit code of a run whose deadline came before every mail had a ticket or a dead letter. */
export const DEADLINE_EXIT_CODE = 3;

/** What a one-off run did, for its summary and exit code. */
export interface PollOnceSummary {
  readonly queued: number;
  readonly tickets: number;
  readonly deadLetters: number;
  readonly failedMailboxes: string[];
  /** Mails still without a ticket or dead letter when the deadline came. */
  readonly pending: PendingMail[];
}

/**
 * Polls every mailbox (or one) until it is empty, works the queue in this process, and waits
 * until every mail it queued is a ticket or a dead letter, or until `deadlineMs` after the start.
 */
export async function pollOnce(
  app: PopdeskApp,
  config: PopdeskConfig,
  logger: Logger,
  options: { readonly only?: string; readonly deadlineMs?: number } = {},
): Promise<PollOnceSummary> {
  const deadline = Date.now() + (options.deadlineMs ?? config.pollOnce.deadline);
  const worker = app.startWorkers();
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
      logger.error({ mailbox: mailbox.id, err: error }, 'poll failed');
    }
  }
  const outcomes = await app.waitForOutcomes(refs, { deadline });
  await worker.close();
  return {
    queued: refs.length,
    tickets: outcomes.tickets.size,
    deadLetters: deadLetters + outcomes.deadLetters.length,
    failedMailboxes,
    pending: outcomes.pending,
  };
}

/**
 * `popdesk poll-once`: exit code 0 when every mail became a ticket, 1 when one became a dead
 * letter or a mailbox failed, 3 when the deadline came first (the pending mails are logged:
 * they stay queued and a later run or `popdesk start` delivers them).
 */
export async function pollOnceCommand(options: {
  config?: string;
  mailbox?: string;
  /** Overrides `pollOnce.deadline`, in milliseconds. */
  deadline?: number;
}): Promise<number> {
  const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
  const logger = createLogger({ level: config.log.level });
  const app = await PopdeskApp.create(config, { logger, http: axios.create() });
  try {
    const summary = await pollOnce(app, config, logger, {
      ...(options.mailbox !== undefined ? { only: options.mailbox } : {}),
      ...(options.deadline !== undefined ? { deadlineMs: options.deadline } : {}),
    });
    const { pending, ...counts } = summary;
    if (pending.length > 0) {
      logger.error(
        { ...counts, pending },
        `poll-once deadline reached: ${pending.length} mail(s) have neither a ticket nor a dead letter yet`,
      );
      return DEADLINE_EXIT_CODE;
    }
    logger.info(counts, 'poll-once finished');
    return summary.deadLetters > 0 || summary.failedMailboxes.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}
