import axios from 'axios';
import { WAIT_FOR_REDIS } from '../../app/connect-redis.js';
import { PopdeskApp } from '../../app/popdesk-app.js';
import { warnAboutHelpdeskSetup } from '../../app/warn-about-helpdesk-setup.js';
import { loadConfig, redactConfig } from '../../config/index.js';
import type { LogFormat } from '../../observability/choose-log-format.js';
import { commandLogger } from '../command-logger.js';
import { exitOnSignal } from '../process-lifecycle.js';

/** Which parts of popdesk a process runs. */
export type Role = 'all' | 'poller' | 'worker';

/** `popdesk start`: polls on schedule and/or works the queue until SIGTERM. */
export async function startCommand(options: {
  config?: string;
  role: Role;
  /** `--log-format`; default `log.format`. */
  logFormat?: LogFormat | undefined;
}): Promise<void> {
  // A worker never opens a mailbox: its container need not hold the mailbox secrets.
  const config = loadConfig({
    ...(options.config !== undefined ? { path: options.config } : {}),
    mailboxSecrets: options.role !== 'worker',
  });
  const logger = commandLogger(config.log, options.logFormat);
  logger.info({ role: options.role, config: redactConfig(config) }, 'popdesk starting');
  // Registered before Redis is reached: a service stopped while it waits for Redis exits cleanly.
  let app: PopdeskApp | undefined;
  exitOnSignal(logger, async () => app?.close());
  const http = axios.create();
  app = await PopdeskApp.create(config, { logger, http, redisPatience: WAIT_FOR_REDIS });
  await app.startHttpServer(
    { poller: options.role !== 'worker', worker: options.role !== 'poller' },
    config.http,
  );
  if (options.role !== 'poller') {
    await app.startWorkers();
    await warnAboutHelpdeskSetup(config, http, logger);
  }
  if (options.role !== 'worker') await app.startPoller();
  logger.info({ mailboxes: config.mailboxes.map((mailbox) => mailbox.id) }, 'popdesk running');
}
