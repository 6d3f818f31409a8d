/**
 * `npm run bench:pipeline`: the whole path of a mail, as a support team runs it. N mixed mails
 * (one of 10 MB) in a private Dovecot; `popdesk poll-once` (the compiled CLI, a process of its
 * own) fetches them over POP3S, queues them in a private Redis (AOF, fsync always) and posts them
 * to a local webhook receiver. Reports wall time, mails per second and the popdesk process's
 * peak RSS, median of `--runs` runs, and writes bench-results/pipeline.json. `--mails`,
 * `--concurrency` (workers, default 8) and `--huge-bytes` (the big mail's attachment) vary the load.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { startPipelineEnvironment } from '../../test/support/pipeline-environment.js';
import { testMails } from '../../test/support/test-mails.js';
import { median } from '../median.js';
import { formatTextTable } from '../text-table.js';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface RunResult {
  readonly seconds: number;
  readonly peakRssMb: number;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} takes a positive integer`);
  return value;
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
    const mails = testMails(count, { tag: `bench${run}`, hugeIndex: Math.floor(count / 2), hugeBytes });
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

const count = option('mails', 500);
const runs = option('runs', 3);
const concurrency = option('concurrency', 8);
// 7.5 MB of attachment is a 10 MB mail once base64-encoded.
const hugeBytes = option('huge-bytes', 7_500_000);
process.stderr.write('building dist/ ...\n');
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPOSITORY, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const results: RunResult[] = [];
for (let run = 1; run <= runs; run += 1) {
  const result = await runOnce(count, run, concurrency, hugeBytes);
  process.stderr.write(
    `run ${run}/${runs}: ${result.seconds.toFixed(2)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB\n`,
  );
  results.push(result);
}
const seconds = median(results.map((result) => result.seconds));
const peakRssMb = median(results.map((result) => result.peakRssMb));
process.stdout.write(
  `\npopdesk poll-once, ${count} mixed mails (one of 10 MB) from Dovecot over POP3S to a webhook, Redis AOF fsync always\n`,
);
process.stdout.write(
  `${formatTextTable(
    [
      { title: 'mails', align: 'right' },
      { title: 'seconds (median)', align: 'right' },
      { title: 'mails/s', align: 'right' },
      { title: 'peak RSS MB (median)', align: 'right' },
      { title: 'all runs (s)', align: 'left' },
    ],
    [
      [
        String(count),
        seconds.toFixed(2),
        (count / seconds).toFixed(0),
        peakRssMb.toFixed(0),
        results.map((result) => result.seconds.toFixed(2)).join(' '),
      ],
    ],
  )}\n`,
);
await mkdir(join(REPOSITORY, 'bench-results'), { recursive: true });
await writeFile(
  join(REPOSITORY, 'bench-results/pipeline.json'),
  `${JSON.stringify({ scenario: `poll-once-${count}-mixed`, mails: count, seconds, mailsPerSec: count / seconds, peakRssMb, runs: results }, null, 2)}\n`,
);
