/**
 * `npm run bench:pop3`: popdesk's POP3 client against mpop, fetching and deleting a mailbox
 * from a private Dovecot over POP3S, plus the client's peak memory while streaming one large
 * message, plus the pipelining settings of both against a server without PIPELINING in CAPA.
 * The scenarios with a round trip run over a userland delay proxy, a delayed network namespace,
 * or both (`--link`). Prints a table and writes `bench-results/pop3.json`.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { compileChildScripts } from '../child-scripts.js';
import { writeBenchResults } from '../write-bench-results.js';
import type { Pop3BenchEntry } from './bench-entry.js';
import { parsePop3BenchOptions } from './bench-options.js';
import { locateMpop } from './fetch-with-mpop.js';
import { measureStreamRss } from './measure-stream-rss.js';
import { PIPELINING_SCENARIOS } from './pipelining-scenarios.js';
import { formatPop3Results } from './results-table.js';
import { runFetchScenario } from './run-fetch-scenario.js';
import { runNamespaceScenario } from './run-namespace-scenario.js';
import { runPipeliningScenario } from './run-pipelining-scenario.js';
import { FETCH_SCENARIOS, STREAM_RSS_SCENARIO, scaledDown } from './scenarios.js';

const QUICK_DIVISOR = 10;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

let options: ReturnType<typeof parsePop3BenchOptions>;
try {
  options = parsePop3BenchOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

// Dovecot's Maildirs and mpop's scratch files go to tmpfs, so that writing back 450 MB of
// freshly delivered mail to disk never lands inside a timed session.
if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';

// Other work on the machine skews timings; the load average says how much there was.
const loadAtStart = loadavg()[0] ?? 0;
const mpop = locateMpop();
if (!mpop.available) log(`mpop is skipped: ${mpop.reason}`);
const scripts = await compileChildScripts();
const entries: Pop3BenchEntry[] = [];
try {
  for (const name of options.scenarios) {
    if (name === STREAM_RSS_SCENARIO.name) {
      entries.push(await measureStreamRss(options.runs, scripts, log));
      continue;
    }
    const modes = PIPELINING_SCENARIOS.find((candidate) => candidate.name === name);
    if (modes !== undefined) {
      const messages = Math.max(1, Math.round(modes.corpus.messages / (options.quick ? QUICK_DIVISOR : 1)));
      const sized = { ...modes, corpus: { ...modes.corpus, messages } };
      entries.push(...(await runPipeliningScenario(sized, { runs: options.runs, mpop, scripts, log })));
      continue;
    }
    const scenario = FETCH_SCENARIOS.find((candidate) => candidate.name === name);
    if (scenario === undefined) throw new Error(`no scenario named ${name}`);
    const sized = options.quick ? scaledDown(scenario, QUICK_DIVISOR) : scenario;
    const context = { runs: options.runs, mpop, scripts, log };
    if (sized.oneWayDelayMs === 0) {
      entries.push(...(await runFetchScenario(sized, { ...context, link: 'proxy' })));
      continue;
    }
    for (const link of options.links) {
      entries.push(
        ...(link === 'netns'
          ? await runNamespaceScenario(sized, context)
          : await runFetchScenario(sized, { ...context, link })),
      );
    }
  }
} finally {
  await scripts.remove();
}

const header = options.quick
  ? `POP3 bench, QUICK (${QUICK_DIVISOR}x fewer messages, not comparable), runs per tool: ${options.runs}`
  : `POP3 bench, POP3S to a private Dovecot (plain POP3 behind the pipelining proxy in the *-pipelin* scenarios), runs per tool: ${options.runs}`;
const links = `*-rtt50 links: ${options.links.join(', ')} (proxy: userland delay proxy; netns: real TCP in a delayed network namespace, MTU 1500)`;
const loadAtEnd = loadavg()[0] ?? 0;
const machine =
  `${cpus().length} CPUs, 1-minute load average ` +
  `${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end`;
process.stdout.write(`\n${header}\n${links}\n${machine}\n${formatPop3Results(entries)}\n`);
log(`wrote ${await writeBenchResults('pop3', entries)}`);
