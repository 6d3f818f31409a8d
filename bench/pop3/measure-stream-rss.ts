import { type ChildScripts, runJsonChild } from '../child-scripts.js';
import { median } from '../median.js';
import type { StreamRssEntry } from './bench-entry.js';
import { generateMail } from './mail-corpus.js';
import { STREAM_RSS_SCENARIO } from './scenarios.js';
import { SeededRandom } from './seeded-random.js';
import type { StreamRssResult } from './stream-rss-result.js';
import { warmUpMailbox } from './warm-up.js';
import { withDovecot } from './with-dovecot.js';

const STREAM_RSS = 'bench/pop3/stream-rss.ts';
const KIB_PER_MIB = 1024;

/**
 * Delivers one large message (generated here, so its bytes never enter the measured process),
 * and has `stream-rss.ts` stream it in a child process of its own, `runs` times.
 */
export async function measureStreamRss(
  runs: number,
  scripts: ChildScripts,
  log: (line: string) => void,
): Promise<StreamRssEntry> {
  const scenario = STREAM_RSS_SCENARIO;
  const message = generateMail(new SeededRandom(scenario.seed), 0, scenario.messageBytes, true);
  return withDovecot(async (dovecot, target) => {
    const results: StreamRssResult[] = [];
    for (let run = 0; run < runs; run += 1) {
      await dovecot.deliver(target.username, [message]);
      await warmUpMailbox(target);
      const result = await runJsonChild<StreamRssResult>(scripts.path(STREAM_RSS), target);
      const left = await dovecot.count(target.username);
      if (result.bytes !== message.length || left !== 0) {
        throw new Error(
          `the streaming session is not valid: received ${result.bytes} of ${message.length} octets, ` +
            `${left} messages left`,
        );
      }
      results.push(result);
      log(
        `${scenario.name} run ${run + 1}/${runs} popdesk: peak RSS ` +
          `${(result.peakRssKb / KIB_PER_MIB).toFixed(1)} MiB, ${result.seconds.toFixed(3)} s`,
      );
    }
    const peaks = results.map((result) => result.peakRssKb / KIB_PER_MIB);
    return {
      scenario: scenario.name,
      tool: 'popdesk',
      messages: 1,
      bytes: message.length,
      seconds: median(results.map((result) => result.seconds)),
      peakRssMb: Math.max(...peaks),
      baselineRssMb: median(results.map((result) => result.baselineRssKb / KIB_PER_MIB)),
      runPeakRssMb: peaks,
    };
  });
}
