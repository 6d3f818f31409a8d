/**
 * `npm run bench:pipeline`: the whole path of a mail, as a support team runs it. Mails in a
 * private Dovecot; `popdesk poll-once` (the compiled CLI, a process of its own) fetches them over
 * POP3S, queues them in a private Redis (AOF, fsync always) and posts them to a local webhook
 * receiver. Three scenarios, each against its peak-RSS target (issue 12): one small mail (90 MB),
 * 500 mixed mails with one of 10 MB (150 MB), and 5,000 mixed mails with one of 10 MB (within 10%
 * of the 500). Reports wall time, mails per second and the popdesk process's peak RSS, median of
 * `--runs` runs, and writes bench-results/pipeline.json. `--mails N` runs one scenario of N mixed
 * mails instead; `--concurrency` (workers, default 8) and `--huge-bytes` (the big mail's
 * attachment, 0 for none) vary the load. `BENCH_NODE_OPTIONS` goes to the popdesk
 * process as NODE_OPTIONS, to measure runtime flags (docs/production.md, "Memory").
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { startPipelineEnvironment } from '../../test/support/pipeline-environment.js';
import { testMails } from '../../test/support/test-mails.js';
import { buildDist } from '../build-dist.js';
import { integerOption } from '../integer-option.js';
import { median } from '../median.js';
import { formatTextTable } from '../text-table.js';
import { writeBenchResults } from '../write-bench-results.js';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface RunResult {
  readonly seconds: number;
  readonly peakRssMb: number;
}

const option = (name: string, fallback: number, least = 1): number =>
  integerOption(process.argv, name, fallback, least);

/** One load to measure, and the peak RSS it should stay under. */
interface Scenario {
  readonly name: string;
  readonly mails: number;
  readonly hugeBytes: number;
  /** The target in MB; a function of the results so far for a target relative to another scenario. */
  readonly targetMb: (results: ReadonlyMap<string, number>) => number | undefined;
}

/** One poll-once run over `count` fresh mails, in fresh servers. */
async function runOnce(
  count: number,
  run: number,
  concurrency: number,
  hugeBytes: number,
): Promise<RunResult> {
  const env = await startPipelineEnvironment();
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-bench-'));
  try {
    const mails = testMails(count, {
      tag: `bench${run}`,
      ...(hugeBytes > 0 ? { hugeIndex: Math.floor(count / 2), hugeBytes } : {}),
    });
    await env.dovecot.deliver(
      env.user.username,
      mails.map((mail) => mail.raw),
    );
    const configPath = join(dir, 'popdesk.yaml');
    await writeFile(
      configPath,
      stringify(env.configData({ worker: { concurrency }, log: { level: 'warn' } })),
    );
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [join(REPOSITORY, 'dist/cli/popdesk.js'), 'poll-once', '--config', configPath],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '' },
      },
    );
    let peakKb = 0;
    // VmHWM only grows, so the last sample before exit is the peak (to within one interval).
    const sampler = setInterval(() => {
      try {
        const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match?.[1] !== undefined) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // The process has just exited.
      }
    }, 20);
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`poll-once exited with ${code}`);
    if (env.receiver.tickets.size !== count) {
      throw new Error(`expected ${count} tickets, got ${env.receiver.tickets.size}`);
    }
    if ((await env.dovecot.count(env.user.username)) !== 0) throw new Error('the mailbox is not empty');
    return { seconds, peakRssMb: peakKb / 1024 };
  } finally {
    await env.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const runs = option('runs', 3);
const concurrency = option('concurrency', 8);
// 7.5 MB of attachment is a 10 MB mail once base64-encoded.
const hugeBytes = option('huge-bytes', 7_500_000, 0);
const scenarios: Scenario[] = process.argv.includes('--mails')
  ? [
      {
        name: `${option('mails', 500)}-mixed`,
        mails: option('mails', 500),
        hugeBytes,
        targetMb: () => undefined,
      },
    ]
  : [
      { name: '1-small', mails: 1, hugeBytes: 0, targetMb: () => 90 },
      { name: '500-mixed', mails: 500, hugeBytes, targetMb: () => 150 },
      {
        name: '5000-mixed',
        mails: 5000,
        hugeBytes,
        targetMb: (results) => {
          const five = results.get('500-mixed');
          return five === undefined ? undefined : five * 1.1;
        },
      },
    ];
buildDist(REPOSITORY);

const peaks = new Map<string, number>();
const rows: string[][] = [];
const report: unknown[] = [];
for (const scenario of scenarios) {
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const result = await runOnce(scenario.mails, run, concurrency, scenario.hugeBytes);
    process.stderr.write(
      `${scenario.name} run ${run}/${runs}: ${result.seconds.toFixed(2)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB\n`,
    );
    results.push(result);
  }
  const seconds = median(results.map((result) => result.seconds));
  const peakRssMb = median(results.map((result) => result.peakRssMb));
  peaks.set(scenario.name, peakRssMb);
  const target = scenario.targetMb(peaks);
  const met = target === undefined ? '' : peakRssMb <= target ? 'yes' : 'NO';
  rows.push([
    scenario.name,
    seconds.toFixed(2),
    (scenario.mails / seconds).toFixed(0),
    peakRssMb.toFixed(0),
    target === undefined ? '' : `<= ${target.toFixed(0)}`,
    met,
    results.map((result) => result.peakRssMb.toFixed(0)).join(' '),
  ]);
  report.push({
    scenario: scenario.name,
    mails: scenario.mails,
    hugeBytes: scenario.hugeBytes,
    seconds,
    mailsPerSec: scenario.mails / seconds,
    peakRssMb,
    targetMb: target ?? null,
    nodeOptions: process.env.BENCH_NODE_OPTIONS ?? '',
    runs: results,
  });
}
process.stdout.write(
  `\npopdesk poll-once (compiled CLI, its own process), mixed mails from Dovecot over POP3S to a webhook, Redis AOF fsync always, ${concurrency} workers${process.env.BENCH_NODE_OPTIONS ? `, NODE_OPTIONS=${process.env.BENCH_NODE_OPTIONS}` : ''}\n`,
);
process.stdout.write(
  `${formatTextTable(
    [
      { title: 'scenario', align: 'left' },
      { title: 'seconds (median)', align: 'right' },
      { title: 'mails/s', align: 'right' },
      { title: 'peak RSS MB (median)', align: 'right' },
      { title: 'target MB', align: 'right' },
      { title: 'met', align: 'left' },
      { title: 'all runs (MB)', align: 'left' },
    ],
    rows,
  )}\n`,
);
await writeBenchResults('pipeline', report);
