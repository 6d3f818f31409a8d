/**
 * `npm run bench:e2e`: popdesk end to end, past the POP3 stage (issue 12, item 2).
 * (a) Scaling into a webhook receiver that answers after `--delay-ms` (50): mails per second for
 *     one worker process at `worker.concurrency` 1, 4, 16, 64, and for 1, 2, 4 worker processes
 *     at `--process-concurrency` (16) each, held against 0.8 x mails in flight / delay, with the
 *     CPU the worker processes used, to show where the machine's CPUs become the limit.
 * (b) Into the tests' real RT 5, side by side in one run with fetchmail + rt-mailgate, on the
 *     same `--rt-mails` (100) seeded mails; time, tickets per path (each must equal the mails)
 *     and RT requests per mail, counted by a proxy in front of RT.
 * Mails per point scale with the mails in flight (`--mails-per-slot`, 25; at least 100, at most
 * `--max-mails`, 2000). `--only webhook|rt` runs one part. Writes bench-results/e2e.json.
 */
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from '../build-dist.js';
import { integerOption } from '../integer-option.js';
import { formatTextTable } from '../text-table.js';
import { writeBenchResults } from '../write-bench-results.js';
import { measureRtSideBySide, type RtPathResult } from './rt-side-by-side.js';
import { cpuLimitFrom, judgeScaling, type ScalingVerdict } from './scaling-verdict.js';
import { measureWebhookScaling } from './webhook-scaling.js';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const option = (name: string, fallback: number, least = 1): number =>
  integerOption(process.argv, name, fallback, least);

function listOption(name: string, fallback: readonly number[]): number[] {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return [...fallback];
  const values = String(process.argv[index + 1])
    .split(',')
    .map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 1))
    throw new RangeError(`--${name} takes integers >= 1, comma-separated`);
  return values;
}

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex < 0 ? undefined : process.argv[onlyIndex + 1];
if (only !== undefined && only !== 'webhook' && only !== 'rt')
  throw new RangeError('--only takes webhook or rt');
const delayMs = option('delay-ms', 50);
const perSlot = option('mails-per-slot', 25);
const maxMails = option('max-mails', 2000);
const concurrencies = listOption('concurrency', [1, 4, 16, 64]);
const processCounts = listOption('processes', [1, 2, 4]);
const processConcurrency = option('process-concurrency', 16);
const rtMails = option('rt-mails', 100);
const rtConcurrency = option('rt-concurrency', 4);
const cpuCount = cpus().length;

buildDist(REPOSITORY);

const report: Record<string, unknown> = {
  machine: { cpus: cpuCount, node: process.version, at: new Date().toISOString() },
};

if (only !== 'rt') {
  const points = [
    ...concurrencies.map((concurrency) => ({ processes: 1, concurrency })),
    ...processCounts.map((processes) => ({ processes, concurrency: processConcurrency })),
  ];
  const verdicts: ScalingVerdict[] = [];
  for (const { processes, concurrency } of points) {
    const mails = Math.min(maxMails, Math.max(100, processes * concurrency * perSlot));
    const point = await measureWebhookScaling({
      repository: REPOSITORY,
      processes,
      concurrency,
      mails,
      delayMs,
    });
    const verdict = judgeScaling(point, delayMs, cpuCount);
    process.stderr.write(
      `${processes} process(es) x concurrency ${concurrency}: ${mails} mails in ${point.seconds.toFixed(2)} s\n`,
    );
    verdicts.push(verdict);
  }
  const limit = cpuLimitFrom(verdicts);
  const limitText =
    limit === undefined
      ? `no point fell short of the target with the CPUs busy`
      : `the ${cpuCount} CPUs are the limit from ${limit.processes} process(es) x concurrency ${limit.concurrency} (${limit.mailsPerSec.toFixed(0)} mails/s, the machine ${limit.machineCpusBusy.toFixed(2)} CPUs busy, popdesk's workers ${limit.cpusBusy.toFixed(2)})`;
  process.stdout.write(
    `\n(a) into a webhook answering after ${delayMs} ms; compiled \`popdesk start --role worker\` processes, mixed mails queued first; ${cpuCount} CPUs\n`,
  );
  process.stdout.write(
    `${formatTextTable(
      [
        { title: 'processes', align: 'right' },
        { title: 'concurrency', align: 'right' },
        { title: 'mails', align: 'right' },
        { title: 'seconds', align: 'right' },
        { title: 'mails/s', align: 'right' },
        { title: 'target 0.8xc/delay', align: 'right' },
        { title: 'of target', align: 'right' },
        { title: 'worker CPUs busy', align: 'right' },
        { title: 'machine CPUs busy', align: 'right' },
        { title: 'limit', align: 'left' },
      ],
      verdicts.map((verdict) => [
        String(verdict.processes),
        String(verdict.concurrency),
        String(verdict.mails),
        verdict.seconds.toFixed(2),
        verdict.mailsPerSec.toFixed(1),
        verdict.targetPerSec.toFixed(0),
        `${(verdict.ofTarget * 100).toFixed(0)}%`,
        verdict.cpusBusy.toFixed(2),
        verdict.machineCpusBusy.toFixed(2),
        verdict.limit,
      ]),
    )}\n${limitText}\n`,
  );
  report.webhook = { delayMs, points: verdicts, cpuLimit: limitText };
}

if (only !== 'webhook') {
  const results = await measureRtSideBySide({
    repository: REPOSITORY,
    mails: rtMails,
    concurrency: rtConcurrency,
  });
  const peer = results.find((result) => result.path !== 'popdesk');
  const speedup = (result: RtPathResult): string =>
    peer === undefined ? '' : `${(peer.seconds / result.seconds).toFixed(2)}x`;
  process.stdout.write(
    `\n(b) ${rtMails} mixed mails from Dovecot (POP3S) into one private RT 5 (rt-server, 2 workers, SQLite); popdesk worker.concurrency ${rtConcurrency}\n`,
  );
  process.stdout.write(
    `${formatTextTable(
      [
        { title: 'path', align: 'left' },
        { title: 'seconds', align: 'right' },
        { title: 'mails/s', align: 'right' },
        { title: 'tickets', align: 'right' },
        { title: 'RT requests/mail', align: 'right' },
        { title: 'vs fetchmail', align: 'right' },
        { title: 'machine CPUs busy', align: 'right' },
      ],
      results.map((result) => [
        result.path,
        result.seconds.toFixed(2),
        (result.mails / result.seconds).toFixed(1),
        String(result.tickets),
        result.requestsPerMail.toFixed(2),
        speedup(result),
        result.machineCpusBusy.toFixed(2),
      ]),
    )}\n`,
  );
  report.rt = { mails: rtMails, popdeskConcurrency: rtConcurrency, results };
}

await writeBenchResults('e2e', report);
