import { performance } from 'node:perf_hooks';
import type { DovecotServer } from '../../dev/servers/dovecot-server.js';
import { type ChildScripts, runJsonChild } from '../child-scripts.js';
import { median } from '../median.js';
import { fetchEntry, type Pop3BenchEntry, type Pop3Link, type Pop3Tool } from './bench-entry.js';
import { fetchWithMpop, type MpopAvailability } from './fetch-with-mpop.js';
import { startLatencyProxy } from './latency-proxy.js';
import { type Corpus, generateCorpus } from './mail-corpus.js';
import type { FetchOutcome, Pop3Target } from './pop3-target.js';
import type { FetchScenario } from './scenarios.js';
import { warmUpMailbox } from './warm-up.js';
import { withDovecot } from './with-dovecot.js';

/** What every scenario run shares. */
export interface FetchRunContext {
  readonly runs: number;
  readonly mpop: MpopAvailability;
  readonly scripts: ChildScripts;
  readonly log: (line: string) => void;
  /**
   * How a scenario with a delay gets it (default `proxy`). `netns` means this process already
   * runs inside the delayed namespace (see run-namespace-scenario.ts), so the tools connect to
   * Dovecot directly.
   */
  readonly link?: Pop3Link;
}

const POPDESK_FETCH = 'bench/pop3/popdesk-fetch-process.ts';

/**
 * Runs one scenario against a fresh Dovecot: per run, each tool in turn (the order alternating
 * between runs) gets the corpus delivered, an untimed warm-up session, then its timed session,
 * after which the mailbox must be empty and popdesk must have received every byte.
 */
export async function runFetchScenario(
  scenario: FetchScenario,
  context: FetchRunContext,
): Promise<Pop3BenchEntry[]> {
  const { log } = context;
  const started = performance.now();
  const corpus = generateCorpus(scenario.corpus);
  log(
    `${scenario.name}: generated ${corpus.messages.length} messages, ` +
      `${(corpus.totalBytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return withDovecot(async (dovecot, direct) => {
    const proxy =
      scenario.oneWayDelayMs > 0 && (context.link ?? 'proxy') === 'proxy'
        ? await startLatencyProxy({
            targetHost: direct.host,
            targetPort: direct.port,
            oneWayDelayMs: scenario.oneWayDelayMs,
          })
        : undefined;
    try {
      const timed = proxy === undefined ? direct : { ...direct, host: proxy.host, port: proxy.port };
      return await compareTools(scenario, corpus, dovecot, direct, timed, context);
    } finally {
      await proxy?.close();
    }
  });
}

/** Alternates the tools' timed sessions, `context.runs` of each, and reports their medians. */
async function compareTools(
  scenario: FetchScenario,
  corpus: Corpus,
  dovecot: DovecotServer,
  direct: Pop3Target,
  timed: Pop3Target,
  context: FetchRunContext,
): Promise<Pop3BenchEntry[]> {
  const tools: Pop3Tool[] = context.mpop.available ? ['popdesk', 'mpop'] : ['popdesk'];
  const seconds = new Map<Pop3Tool, number[]>(tools.map((tool) => [tool, []]));
  for (let run = 0; run < context.runs; run += 1) {
    for (const tool of run % 2 === 0 ? tools : [...tools].reverse()) {
      await prepareMailbox(dovecot, direct, corpus);
      const outcome = await fetchOnce(tool, timed, corpus, context);
      await verify(tool, outcome, dovecot, direct.username, corpus);
      seconds.get(tool)?.push(outcome.seconds);
      const over = scenario.oneWayDelayMs > 0 ? ` (${context.link ?? 'proxy'})` : '';
      context.log(
        `${scenario.name}${over} run ${run + 1}/${context.runs} ${tool}: ${outcome.seconds.toFixed(3)} s`,
      );
    }
  }
  // A loopback scenario has no link to name.
  const link = scenario.oneWayDelayMs > 0 ? { link: context.link ?? 'proxy' } : {};
  const entries: Pop3BenchEntry[] = tools.map((tool) => {
    const runSeconds = seconds.get(tool) ?? [];
    return {
      ...fetchEntry(
        scenario.name,
        tool,
        corpus.messages.length,
        corpus.totalBytes,
        runSeconds,
        median(runSeconds),
      ),
      ...link,
    };
  });
  if (!context.mpop.available) {
    entries.push({ scenario: scenario.name, tool: 'mpop', ...link, skipped: context.mpop.reason });
  }
  return entries;
}

/** Delivers the corpus and warms the mailbox up; fails when Dovecot does not hold exactly it. */
export async function prepareMailbox(
  dovecot: DovecotServer,
  direct: Pop3Target,
  corpus: Corpus,
): Promise<void> {
  await dovecot.deliver(direct.username, corpus.messages);
  const stat = await warmUpMailbox(direct);
  if (stat.count !== corpus.messages.length || stat.size !== corpus.totalBytes) {
    throw new Error(
      `after delivery Dovecot reports ${stat.count} messages, ${stat.size} octets; ` +
        `delivered ${corpus.messages.length}, ${corpus.totalBytes}`,
    );
  }
}

function fetchOnce(
  tool: Pop3Tool,
  target: Pop3Target,
  corpus: Corpus,
  context: FetchRunContext,
): Promise<FetchOutcome> {
  if (tool === 'popdesk') return runJsonChild<FetchOutcome>(context.scripts.path(POPDESK_FETCH), target);
  if (!context.mpop.available) throw new Error(`mpop is not available: ${context.mpop.reason}`);
  return fetchWithMpop(context.mpop.binary, target, {
    messages: corpus.messages.length,
    bytes: corpus.totalBytes,
  });
}

/** A time is only worth reporting when the session did all the work. */
export async function verify(
  tool: Pop3Tool,
  outcome: FetchOutcome,
  dovecot: DovecotServer,
  username: string,
  corpus: Corpus,
): Promise<void> {
  const left = await dovecot.count(username);
  const problems = [
    left !== 0 ? `${left} messages are left in the mailbox` : '',
    outcome.messages !== corpus.messages.length
      ? `it fetched ${outcome.messages} of ${corpus.messages.length} messages`
      : '',
    outcome.bytes !== corpus.totalBytes ? `it received ${outcome.bytes} of ${corpus.totalBytes} octets` : '',
  ].filter((problem) => problem !== '');
  if (problems.length > 0) throw new Error(`${tool}'s session is not valid: ${problems.join('; ')}`);
}
