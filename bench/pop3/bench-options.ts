import { parseArgs } from 'node:util';
import type { Pop3Link } from './bench-entry.js';
import { PIPELINING_SCENARIOS } from './pipelining-scenarios.js';
import { SCENARIO_NAMES } from './scenarios.js';

/** Every scenario `--scenario` accepts, in the order a full run takes them. */
const ALL_SCENARIO_NAMES: readonly string[] = [
  ...SCENARIO_NAMES,
  ...PIPELINING_SCENARIOS.map((scenario) => scenario.name),
];

/** How `npm run bench:pop3` was asked to run. */
export interface Pop3BenchOptions {
  /** Timed sessions per tool and scenario; the median is reported. */
  readonly runs: number;
  /** The scenarios to run, in order. */
  readonly scenarios: readonly string[];
  /** Ten times fewer messages, for a smoke run; its figures are not comparable with a full run. */
  readonly quick: boolean;
  /** The links the scenarios with a round trip run over, each in turn. */
  readonly links: readonly Pop3Link[];
}

const LINKS: Readonly<Record<string, readonly Pop3Link[]>> = {
  proxy: ['proxy'],
  netns: ['netns'],
  both: ['proxy', 'netns'],
};

export const POP3_BENCH_USAGE = `usage: bench-pop3 [--runs N] [--scenario NAME] [--quick] [--link proxy|netns|both]
  --runs N         timed sessions per tool and scenario, median reported (default 3)
  --scenario NAME  run only this one: ${ALL_SCENARIO_NAMES.join(', ')}
  --quick          ten times fewer messages, for a smoke run
  --link LINK      how the *-rtt50 scenarios get their round trip: proxy (a userland delay
                   proxy, the default), netns (real TCP in a delayed network namespace; root),
                   or both, one after the other`;

/**
 * Parses the command line.
 * @throws Error with the usage on an unknown option, a bad `--runs` or an unknown scenario.
 */
export function parsePop3BenchOptions(argv: readonly string[]): Pop3BenchOptions {
  let values: { runs?: string; scenario?: string; quick?: boolean; link?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        runs: { type: 'string' },
        scenario: { type: 'string' },
        quick: { type: 'boolean' },
        link: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${POP3_BENCH_USAGE}`);
  }
  const runsText = values.runs ?? '3';
  const runs = Number(runsText);
  if (!/^\d+$/.test(runsText) || runs < 1) {
    throw new Error(
      `--runs must be a whole number of at least 1, not ${JSON.stringify(runsText)}\n${POP3_BENCH_USAGE}`,
    );
  }
  if (values.scenario !== undefined && !ALL_SCENARIO_NAMES.includes(values.scenario)) {
    throw new Error(`unknown scenario ${JSON.stringify(values.scenario)}\n${POP3_BENCH_USAGE}`);
  }
  const linkName = values.link ?? 'proxy';
  const links = Object.hasOwn(LINKS, linkName) ? LINKS[linkName] : undefined;
  if (links === undefined) {
    throw new Error(
      `--link must be proxy, netns or both, not ${JSON.stringify(values.link)}\n${POP3_BENCH_USAGE}`,
    );
  }
  return {
    runs,
    scenarios: values.scenario === undefined ? ALL_SCENARIO_NAMES : [values.scenario],
    quick: values.quick === true,
    links,
  };
}
