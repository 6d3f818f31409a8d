import axios from 'axios';
import { pollOnce } from '../../app/poll-once.js';
import { PopdeskApp } from '../../app/popdesk-app.js';
import { loadConfig } from '../../config/index.js';
import type { LogFormat } from '../../observability/choose-log-format.js';
import { commandLogger } from '../command-logger.js';

/** Exit code of a run whose deadline came before every mail had a ticket or a dead letter. */
export const DEADLINE_EXIT_CODE = 3;

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
  /** `--log-format`; default `log.format`. */
  logFormat?: LogFormat | undefined;
}): Promise<number> {
  const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
  const logger = commandLogger(config.log, options.logFormat);
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
