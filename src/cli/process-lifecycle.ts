import type { Logger } from 'pino';

/**
 * Runs `shutdown` on the first SIGTERM or SIGINT and exits with 0 once it finished; a second
 * signal exits at once with 1. A poller stopped this way finishes the mail in hand and QUITs,
 * so nothing is fetched twice or deleted unconfirmed.
 */
export function exitOnSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing the mail in hand');
    shutdown().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
