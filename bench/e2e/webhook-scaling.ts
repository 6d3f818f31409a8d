import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { startPipelineEnvironment } from '../../test/support/pipeline-environment.js';
import { testMails } from '../../test/support/test-mails.js';
import { cpusBusyBetween, machineCpu } from './machine-cpu.js';
import type { ScalingPoint } from './scaling-verdict.js';
import { WorkerProcesses } from './worker-processes.js';

/** How long one point may take before the bench gives up on it. */
const POINT_TIMEOUT_MS = 300_000;

/** One point of the webhook scaling bench. */
export interface ScalingRun {
  readonly repository: string;
  readonly processes: number;
  readonly concurrency: number;
  readonly mails: number;
  /** How long the receiver waits before each answer. */
  readonly delayMs: number;
}

/**
 * Measures one point in fresh servers: `mails` mixed mails are queued by one poll of the
 * bench's own popdesk app (no workers of its own); then `processes` compiled `popdesk start
 * --role worker` processes with `worker.concurrency` start (log level info, the shipped
 * default), and the clock runs from when each has logged that it is running (the mails taken
 * before that are not counted) until the receiver
 * (answering after `delayMs`) holds every ticket.
 */
export async function measureWebhookScaling(run: ScalingRun): Promise<ScalingPoint> {
  const env = await startPipelineEnvironment({ delayMs: run.delayMs });
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-bench-e2e-'));
  const workers = new WorkerProcesses(run.repository, join(dir, 'popdesk.yaml'));
  try {
    const mails = testMails(run.mails, { tag: `p${run.processes}c${run.concurrency}` });
    await env.dovecot.deliver(
      env.user.username,
      mails.map((mail) => mail.raw),
    );
    // Several worker processes on one host: each takes a free port for /metrics.
    const overrides = { worker: { concurrency: run.concurrency }, log: { level: 'info' }, http: { port: 0 } };
    // configData draws a new Redis prefix per call: the workers and this app must share one.
    const config = env.configData(overrides);
    await writeFile(join(dir, 'popdesk.yaml'), stringify(config));
    const app = await env.app({ overrides: config });
    const report = await app.pollOnce('support');
    if (report === 'locked' || report.queued.length !== run.mails) {
      throw new Error(
        `the poll queued ${report === 'locked' ? 'nothing (locked)' : report.queued.length} of ${run.mails} mails`,
      );
    }
    await workers.start(run.processes);
    // Timed from when every process runs: mails the first ones took before that do not count.
    const cpuBefore = workers.cpuSeconds();
    const machineBefore = machineCpu();
    const started = performance.now();
    const before = env.receiver.tickets.size;
    await until(async () => env.receiver.tickets.size >= run.mails, 'every ticket');
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = workers.cpuSeconds() - cpuBefore;
    const machineCpusBusy = cpusBusyBetween(machineBefore, machineCpu(), cpus().length);
    if (env.receiver.tickets.size !== run.mails) {
      throw new Error(`expected ${run.mails} tickets, got ${env.receiver.tickets.size}`);
    }
    return {
      processes: run.processes,
      concurrency: run.concurrency,
      mails: run.mails - before,
      seconds,
      cpuSeconds,
      machineCpusBusy,
    };
  } finally {
    await workers.stop();
    await env.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + POINT_TIMEOUT_MS;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
