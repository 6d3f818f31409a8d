import axios from 'axios';
import { pino } from 'pino';
import { checkHelpdesk } from '../../check/check-helpdesk.js';
import { checkMailbox } from '../../check/check-mailbox.js';
import { checkRedis } from '../../check/check-redis.js';
import type { CheckResult } from '../../check/check-result.js';
import { allPassed, formatCheckJson, formatCheckLines } from '../../check/format-check-report.js';
import { loadConfig } from '../../config/index.js';
import type { CliOutput } from '../cli-output.js';

/** Each check's timeout unless `--timeout` says otherwise. */
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

/** What `popdesk check` takes from its command line. */
export interface CheckRequest {
  readonly config?: string;
  readonly json?: boolean;
  /** Each check's timeout, in milliseconds. */
  readonly timeout?: number;
}

/**
 * `popdesk check`: checks Redis, every mailbox and the helpdesk without fetching, deleting or
 * creating anything; prints one line per check (or, with `--json`, one document). Resolves 0
 * when every check passed, 1 when one failed.
 */
export async function checkCommand(request: CheckRequest, out: CliOutput): Promise<number> {
  const config = loadConfig(request.config !== undefined ? { path: request.config } : {});
  const timeoutMs = request.timeout ?? DEFAULT_CHECK_TIMEOUT_MS;
  const results: CheckResult[] = [];
  const report = (lines: readonly CheckResult[]): void => {
    results.push(...lines);
    if (request.json !== true) for (const line of formatCheckLines(lines)) out.print(line);
  };
  // The checks report what they find; a log would only repeat it, or mix JSON into the lines.
  const logger = pino({ level: 'silent' });
  const redis = await checkRedis(config.redis.target, timeoutMs);
  try {
    report(redis.results);
    const mailboxes = await Promise.all(
      config.mailboxes.map((mailbox) =>
        checkMailbox(mailbox, {
          redis: redis.redis,
          prefix: config.redis.prefix,
          logger,
          timeoutMs,
          now: () => Date.now(),
        }),
      ),
    );
    for (const lines of mailboxes) report(lines);
    report(await checkHelpdesk(config, axios.create(), timeoutMs));
  } finally {
    redis.redis?.disconnect();
  }
  if (request.json === true) out.print(formatCheckJson(results));
  return allPassed(results) ? 0 : 1;
}
