import type { PopdeskConfig } from '../config/index.js';
import type { PipelineMetrics } from '../observability/metrics/pipeline-metrics.js';
import { DeadLetterStore } from '../queue/dead-letter-store.js';
import { FilteredMailStore } from '../queue/filtered-mail-store.js';
import { RawMailStore } from '../queue/raw-mail-store.js';
import type { RedisClient } from '../queue/redis-client.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { TicketLedger } from '../queue/ticket-ledger.js';
import type { PopdeskAppTestSeams } from './popdesk-app-test-seams.js';

const DAY_SECONDS = 24 * 60 * 60;

/** Where a mail's bytes and its ending are kept in Redis: the stores every role shares. */
export interface MailStores {
  readonly deadLetters: DeadLetterStore;
  readonly rawMail: RawMailStore;
  readonly filtered: FilteredMailStore;
  readonly ledger: TicketLedger;
}

/**
 * The mail stores over one Redis connection, with the retentions the config sets. The ledger
 * keeps tickets at least 400 days whatever `dedupe.retentionDays` says: a reply a year later
 * still finds its ticket. `testSeams` may wrap the dead-letter store and the ledger.
 */
export function createMailStores(
  redis: RedisClient,
  keys: RedisKeys,
  config: PopdeskConfig,
  deps: {
    readonly now: () => Date;
    readonly metrics: PipelineMetrics;
    readonly testSeams: PopdeskAppTestSeams;
  },
): MailStores {
  const { now, metrics, testSeams } = deps;
  const created = new DeadLetterStore(redis, keys, metrics);
  const deadLetters = testSeams.deadLetters?.(created) ?? created;
  const rawMail = new RawMailStore(redis, keys, config.worker.retainRawDays * DAY_SECONDS);
  const filtered = new FilteredMailStore(redis, keys, config.hygiene.retentionDays * DAY_SECONDS, now);
  const ledger = new TicketLedger({
    redis,
    keys,
    retentionSeconds: Math.max(config.dedupe.retentionDays * DAY_SECONDS, 400 * DAY_SECONDS),
    rawMail,
    deadLetters,
    filtered,
  });
  return { deadLetters, rawMail, filtered, ledger: testSeams.ledger?.(ledger) ?? ledger };
}
