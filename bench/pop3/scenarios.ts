import type { CorpusSpec, MailShape } from './mail-corpus.js';

const KB = 1000;
const MB = 1000 * KB;

/** One fetch comparison: what the mailbox holds, how far away the server is, what popdesk must reach. */
export interface FetchScenario {
  readonly name: string;
  readonly corpus: CorpusSpec;
  /** Delay each way between client and Dovecot (by the proxy or the namespace); 0 connects directly. */
  readonly oneWayDelayMs: number;
  /** The least popdesk msgs/s divided by mpop msgs/s that meets the goal. */
  readonly targetRatio: number;
}

/** Support mail as it comes: mostly short text, some documents and screenshots, a few large files. */
const MIXED: readonly MailShape[] = [
  { share: 0.7, minBytes: 4 * KB, maxBytes: 20 * KB, attachment: false },
  { share: 0.25, minBytes: 50 * KB, maxBytes: 300 * KB, attachment: true },
  { share: 0.05, minBytes: 2 * MB, maxBytes: 5 * MB, attachment: true },
];

/** Short text mails of about 5 KB, where per-command cost and round trips dominate. */
export const SMALL: readonly MailShape[] = [
  { share: 1, minBytes: 4.5 * KB, maxBytes: 5.5 * KB, attachment: false },
];

export const FETCH_SCENARIOS: readonly FetchScenario[] = [
  {
    name: 'mixed-2000-loopback',
    corpus: { seed: 2000, messages: 2000, shapes: MIXED },
    oneWayDelayMs: 0,
    targetRatio: 1,
  },
  {
    name: 'small-5000-loopback',
    corpus: { seed: 5000, messages: 5000, shapes: SMALL },
    oneWayDelayMs: 0,
    targetRatio: 1,
  },
  {
    name: 'small-500-rtt50',
    corpus: { seed: 500, messages: 500, shapes: SMALL },
    oneWayDelayMs: 25,
    targetRatio: 2.5,
  },
  {
    // Bandwidth, not round trips: 67 MB through a 50 ms link, where receive windows decide.
    name: 'mixed-300-rtt50',
    corpus: { seed: 300, messages: 300, shapes: MIXED },
    oneWayDelayMs: 25,
    targetRatio: 1,
  },
];

/** Peak memory of the client while it streams one large message. */
export const STREAM_RSS_SCENARIO = {
  name: 'stream-50mb-rss',
  seed: 50,
  messageBytes: 50 * MB,
  targetPeakRssMb: 100,
} as const;

/** Every scenario name `--scenario` accepts. */
export const SCENARIO_NAMES: readonly string[] = [
  ...FETCH_SCENARIOS.map((scenario) => scenario.name),
  STREAM_RSS_SCENARIO.name,
];

/** The same scenario with `divisor` times fewer messages, for a smoke run. */
export function scaledDown(scenario: FetchScenario, divisor: number): FetchScenario {
  const messages = Math.max(1, Math.round(scenario.corpus.messages / divisor));
  return { ...scenario, corpus: { ...scenario.corpus, messages } };
}
