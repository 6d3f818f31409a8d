import type { Logger } from 'pino';
import type { RedisClient } from '../queue/redis-client.js';

/** What {@link watchRedisData} needs. */
export interface RedisDataWatchDeps {
  readonly redis: RedisClient;
  /** A key popdesk writes once and never deletes: its absence means Redis lost its data. */
  readonly markerKey: string;
  readonly logger: Logger;
  readonly now: () => Date;
  /** `RedisKeys.recheckUntil`: written whenever the marker had to be written anew. */
  readonly recheckKey: string;
  /** How long after that mails taken in are looked up in the helpdesk before posting. */
  readonly recheckWindowMs: number;
  /** How often to look, besides after every reconnect. */
  readonly intervalMs: number;
  /** Sets up again what popdesk needs in Redis (the poll job schedulers). */
  readonly reinitialise: () => Promise<void>;
}

/** How long the recheck date outlives its window: mails taken in within it may wait in the queue. */
const RECHECK_KEY_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Notices a Redis that came back empty (restarted without AOF, flushed, failed over to an empty
 * replica) and sets popdesk up again, logging at error what may have been lost. Without it the
 * poll job schedulers would be gone and no mailbox would be polled again, silently. Writes the
 * marker, then looks after every reconnect and every `intervalMs`; returns a function that stops
 * looking. Whenever it writes the marker anew, it also writes `recheckKey`: mails taken in for
 * the next `recheckWindowMs` are looked up in the helpdesk before they are posted.
 */
export async function watchRedisData(deps: RedisDataWatchDeps): Promise<() => void> {
  const { redis, markerKey, logger } = deps;
  // popdesk's records of what it delivered are gone (or never were): for a while, the worker
  // asks the helpdesk for every mail taken in, as a mailbox kept or not yet emptied is taken in
  // again. A new Redis and one that lost its data while popdesk was stopped look the same.
  const markAnew = async (): Promise<void> => {
    if ((await redis.set(markerKey, deps.now().toISOString(), 'NX')) === null) return;
    const until = new Date(deps.now().getTime() + deps.recheckWindowMs).toISOString();
    await redis.set(deps.recheckKey, until, 'PX', deps.recheckWindowMs + RECHECK_KEY_GRACE_MS);
  };
  // An existing marker keeps its date: how long this Redis has held popdesk's data.
  await markAnew();
  let lastSeen = deps.now();
  let checking = false;
  const check = async (): Promise<void> => {
    if (checking) return;
    checking = true;
    try {
      if ((await redis.exists(markerKey)) === 1) {
        lastSeen = deps.now();
        return;
      }
      logger.error(
        { lastSeenIntact: lastSeen.toISOString() },
        'Redis lost its data (restarted without AOF, flushed, or failed over to an empty replica): the poll schedules are being set up again. ' +
          'Mail fetched and deleted from the mailbox but not yet delivered, and the dead letters, were in Redis and are gone: ' +
          'compare the tickets created since lastSeenIntact with the mail server log for that time, and run Redis with appendonly yes',
      );
      await deps.reinitialise();
      await markAnew();
      lastSeen = deps.now();
    } catch (error) {
      // Redis is down again or still: the connection's own error log says so; the next check retries.
      logger.debug({ err: error }, 'could not check whether Redis kept its data');
    } finally {
      checking = false;
    }
  };
  const onReady = (): void => void check();
  redis.on('ready', onReady);
  const timer = setInterval(onReady, deps.intervalMs);
  return () => {
    clearInterval(timer);
    redis.off('ready', onReady);
  };
}
