import type { DovecotServer } from '../../dev/servers/dovecot-server.js';
import { runJsonChild } from '../child-scripts.js';
import { median } from '../median.js';
import type { FetchEntry, Pop3BenchEntry } from './bench-entry.js';
import { fetchWithMpop } from './fetch-with-mpop.js';
import { startLatencyProxy } from './latency-proxy.js';
import { type Corpus, generateCorpus } from './mail-corpus.js';
import { startPipeliningProxy } from './pipelining-proxy.js';
import { CONTESTANTS, type Contestant, type PipeliningScenario } from './pipelining-scenarios.js';
import type { FetchOutcome, Pop3Target } from './pop3-target.js';
import { type FetchRunContext, prepareMailbox, verify } from './run-fetch-scenario.js';
import { withDovecot } from './with-dovecot.js';
import { withTargetSession } from './with-target-session.js';

const POPDESK_FETCH = 'bench/pop3/popdesk-fetch-process.ts';

/** mpop waits 180 s by default for a reply the server dropped; a failure is clear well before 15. */
const MPOP_TIMEOUT_SECONDS = 15;

/**
 * Runs every contestant against Dovecot's plain port behind a proxy that hides PIPELINING (and,
 * for `drops-pipelined`, drops what follows the first line of a write), behind the latency
 * proxy. Each popdesk run is a fresh process, so `probe` pays its probe (and, against a server
 * that drops, the probe timeout and a reconnect) every time: the cost of a first session; later
 * sessions of a running popdesk remember the host and cost what `off` costs. A contestant that
 * fails (mpop forcing pipelining onto a server that drops it) is reported as such and not run again.
 */
export async function runPipeliningScenario(
  scenario: PipeliningScenario,
  context: FetchRunContext,
): Promise<Pop3BenchEntry[]> {
  const corpus = generateCorpus(scenario.corpus);
  return withDovecot(async (dovecot, secure) => {
    const front = await startPipeliningProxy(
      { host: dovecot.host, port: dovecot.pop3Port },
      scenario.behaviour,
    );
    const far = await startLatencyProxy({
      targetHost: front.host,
      targetPort: front.port,
      oneWayDelayMs: scenario.oneWayDelayMs,
    });
    try {
      const timed: Pop3Target = { ...secure, host: far.host, port: far.port, plain: true };
      return await compare(scenario, corpus, dovecot, secure, timed, context);
    } finally {
      await far.close();
      await front.close();
    }
  });
}

async function compare(
  scenario: PipeliningScenario,
  corpus: Corpus,
  dovecot: DovecotServer,
  secure: Pop3Target,
  timed: Pop3Target,
  context: FetchRunContext,
): Promise<Pop3BenchEntry[]> {
  const contestants = CONTESTANTS.filter(
    (contestant) => contestant.tool === 'popdesk' || context.mpop.available,
  );
  const seconds = new Map<Contestant, number[]>(contestants.map((contestant) => [contestant, []]));
  const failures = new Map<Contestant, string>();
  for (let run = 0; run < context.runs; run += 1) {
    for (const contestant of run % 2 === 0 ? contestants : [...contestants].reverse()) {
      if (failures.has(contestant)) continue;
      await prepareMailbox(dovecot, secure, corpus);
      const label = `${scenario.name} run ${run + 1}/${context.runs} ${contestant.tool} ${contestant.mode}`;
      try {
        const outcome = await fetchOnce(contestant, timed, corpus, context);
        await verify(contestant.tool, outcome, dovecot, secure.username, corpus);
        seconds.get(contestant)?.push(outcome.seconds);
        context.log(`${label}: ${outcome.seconds.toFixed(3)} s`);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        // mpop's own message is on the line after "mpop exited with N:".
        const reason = text
          .split('\n')
          .filter((line) => line.trim() !== '')
          .slice(0, 2)
          .join(' ');
        failures.set(contestant, reason);
        context.log(`${label}: FAILED ${reason}`);
        await emptyMailbox(secure);
      }
    }
  }
  const entries: Pop3BenchEntry[] = [];
  for (const contestant of contestants) {
    const failure = failures.get(contestant);
    const runSeconds = seconds.get(contestant) ?? [];
    if (failure !== undefined) {
      entries.push({
        scenario: scenario.name,
        tool: contestant.tool,
        mode: contestant.mode,
        skipped: `failed: ${failure}`,
      });
      continue;
    }
    const entry: FetchEntry = {
      scenario: scenario.name,
      tool: contestant.tool,
      mode: contestant.mode,
      messages: corpus.messages.length,
      bytes: corpus.totalBytes,
      seconds: median(runSeconds),
      msgsPerSec: corpus.messages.length / median(runSeconds),
      runSeconds,
    };
    entries.push(entry);
  }
  if (!context.mpop.available)
    entries.push({ scenario: scenario.name, tool: 'mpop', skipped: context.mpop.reason });
  return entries;
}

function fetchOnce(
  contestant: Contestant,
  target: Pop3Target,
  corpus: Corpus,
  context: FetchRunContext,
): Promise<FetchOutcome> {
  if (contestant.tool === 'popdesk') {
    return runJsonChild<FetchOutcome>(context.scripts.path(POPDESK_FETCH), {
      ...target,
      pipelining: contestant.mode,
    });
  }
  if (!context.mpop.available) throw new Error(`mpop is not available: ${context.mpop.reason}`);
  return fetchWithMpop(
    context.mpop.binary,
    target,
    { messages: corpus.messages.length, bytes: corpus.totalBytes },
    { pipelining: contestant.mode, timeoutSeconds: MPOP_TIMEOUT_SECONDS },
  );
}

/** Deletes whatever a failed session left, straight over POP3S, so the next run starts from the corpus. */
async function emptyMailbox(target: Pop3Target): Promise<void> {
  await withTargetSession(target, async (client) => {
    const sizes = await client.list();
    await Promise.all([...sizes.keys()].map((message) => client.dele(message)));
  });
}
