import axios from 'axios';
import { connectRedis, GIVE_UP_ON_REDIS } from '../../app/connect-redis.js';
import { createHelpdeskAdapter } from '../../app/create-helpdesk-adapter.js';
import { createMailStores } from '../../app/create-mail-stores.js';
import { dryRunMailbox, type MailPreview } from '../../app/dry-run-poll.js';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../observability/create-logger.js';
import { NO_PIPELINE_METRICS } from '../../observability/metrics/pipeline-metrics.js';
import { RedisKeys } from '../../queue/redis-keys.js';
import type { CliOutput } from '../cli-output.js';
import { formatMailPreview } from '../format-mail-preview.js';

/**
 * `popdesk poll-once --dry-run`: shows what a poll would do with each waiting mail (class,
 * hygiene step, route, thread) without DELE, without writing to Redis and without posting.
 * Exit 0, 1 when a mailbox could not be read (the reason on stderr), 2 for an unknown `--mailbox`.
 */
export async function pollOnceDryRunCommand(
  options: { config?: string; mailbox?: string; json?: boolean },
  out: CliOutput,
): Promise<number> {
  const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
  if (options.mailbox !== undefined && !config.mailboxes.some((mailbox) => mailbox.id === options.mailbox)) {
    out.error(`no mailbox "${options.mailbox}" in the config`);
    return 2;
  }
  // Logs go to stderr: stdout is the preview (and with --json, one JSON document).
  const logger = createLogger({ level: config.log.level, destination: process.stderr });
  const redis = await connectRedis({ target: config.redis.target, patience: GIVE_UP_ON_REDIS, logger });
  const keys = new RedisKeys(config.redis.prefix);
  // The dry run only reads through the ledger: the stores' retentions and metrics never come into play.
  const { ledger } = createMailStores(redis, keys, config, {
    now: () => new Date(),
    metrics: NO_PIPELINE_METRICS,
    testSeams: {},
  });
  const adapter = await createHelpdeskAdapter(config.helpdesk, axios.create(), () => Date.now());
  const previews: MailPreview[] = [];
  let failed = 0;
  try {
    for (const mailbox of config.mailboxes) {
      if (options.mailbox !== undefined && mailbox.id !== options.mailbox) continue;
      try {
        await dryRunMailbox(mailbox, { config, redis, keys, ledger, adapter, logger }, (preview) => {
          previews.push(preview);
          if (options.json !== true) out.print([...formatMailPreview(preview), ''].join('\n'));
        });
      } catch (error) {
        failed += 1;
        out.error(`mailbox ${mailbox.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (options.json === true) out.print(JSON.stringify({ mails: previews }, null, 2));
    else out.print(`dry run: ${previews.length} mail(s) waiting; nothing was deleted, queued or posted`);
    return failed > 0 ? 1 : 0;
  } finally {
    redis.disconnect();
  }
}
