/**
 * `npm run chaos`: real `popdesk start` processes (one poller, two workers) against a private
 * Dovecot, Redis with AOF and a flaky webhook receiver, while a seeded schedule SIGKILLs them,
 * restarts Redis and cuts a POP3 connection mid-RETR. Then it checks the promise: every mail is
 * exactly one ticket or one dead letter, the mailbox is empty, no raw copy is left without a
 * job. Writes bench-results/chaos.json, keeps the processes' logs in bench-results/chaos-logs/,
 * exits 1 when a mail was lost or duplicated, the mailbox was not emptied, or a mail was left in
 * Redis with neither a ticket nor a dead letter. See docs/chaos.md.
 */
import { randomInt } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MAIL_QUEUE } from '../../src/queue/jobs/mail-job.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { testMails } from '../../test/support/test-mails.js';
import { SeededRandom } from '../pop3/seeded-random.js';
import { type ChaosEnvironment, startChaosEnvironment } from './chaos-environment.js';
import { parseChaosOptions } from './chaos-options.js';
import { CHAOS_ROLES, planChaos } from './chaos-plan.js';
import { chaosReport, writeChaosReport } from './chaos-report.js';
import { judgeChaosRun } from './chaos-verdict.js';
import { crashLoop } from './crash-loop.js';
import { PopdeskProcesses } from './popdesk-processes.js';
import { countStranded, inspectRedis } from './redis-inspection.js';
import { waitUntilQuiet } from './wait-until-quiet.js';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(REPOSITORY, 'bench-results');
const LOG_DIR = join(RESULTS, 'chaos-logs');

const say = (line: string): void => {
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

const options = parseChaosOptions(process.argv.slice(2), () => randomInt(1, 2 ** 31));
say(
  `seed ${options.seed} (replay with --seed ${options.seed}), ${options.mails} mails, ${options.kills} kills`,
);
const abort = new AbortController();
const onSignal = (): void => {
  say('interrupted: stopping everything');
  abort.abort();
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

const started = performance.now();
const deadline = started + options.durationSeconds * 1000;
const random = new SeededRandom(options.seed);
await rm(LOG_DIR, { recursive: true, force: true });
await mkdir(LOG_DIR, { recursive: true });
const mails = testMails(options.mails, { tag: `chaos${options.seed}`, seed: options.seed });

let environment: ChaosEnvironment | undefined;
let processes: PopdeskProcesses | undefined;
const restarts = new Set<NodeJS.Timeout>();
let exitCode = 1;
try {
  environment = await startChaosEnvironment(random);
  const env = environment;
  processes = new PopdeskProcesses({ repository: REPOSITORY, configPath: env.configPath, logDir: LOG_DIR });
  const running = processes;
  for (const role of CHAOS_ROLES) running.start(role);
  say(
    `redis ${env.redis.url}, dovecot ${env.dovecot.pop3Port} behind proxy ${env.proxy.port}, receiver ${env.receiver.url}`,
  );

  const tally = { kills: 0, redisRestarts: 0, freezes: 0 };
  // The plan's times are gaps between events: a fault that waits for its target to be up
  // delays the ones after it instead of bunching them together.
  let previousAtMs = 0;
  const plan = planChaos(options.seed, options.kills, options.mails, options.freezes, options.crashLoops > 0);
  for (const event of plan) {
    await sleep(event.atMs - previousAtMs, undefined, { signal: abort.signal }).catch(() => undefined);
    previousAtMs = event.atMs;
    if (
      (event.kind === 'kill' || event.kind === 'freeze') &&
      !(await running.whenRunning(event.role, 60_000))
    ) {
      say(`${event.role} did not come up within 60 s: see bench-results/chaos-logs/${event.role}.log`);
    }
    if (abort.signal.aborted || performance.now() > deadline) break;
    if (event.kind === 'deliver') {
      await env.dovecot.deliver(
        env.username,
        mails.slice(event.from, event.from + event.count).map((mail) => mail.raw),
      );
    } else if (event.kind === 'kill') {
      if (!(await running.kill(event.role))) continue;
      tally.kills += 1;
      say(`SIGKILL ${event.role} (kill ${tally.kills}), back in ${event.restartAfterMs} ms`);
      const timer = setTimeout(() => {
        restarts.delete(timer);
        running.start(event.role);
      }, event.restartAfterMs);
      restarts.add(timer);
    } else if (event.kind === 'freeze') {
      if (!running.freeze(event.role, event.forMs)) continue;
      say(`SIGSTOP ${event.role} for ${Math.round(event.forMs / 1000)} s`);
      tally.freezes += 1;
    } else if (event.kind === 'crash-loop') {
      say(`both workers crash-loop for ${event.forMs / 1000} s`);
      await crashLoop(running, ['worker-1', 'worker-2'], event.forMs, random, abort.signal, (role) => {
        tally.kills += 1;
        say(`SIGKILL ${role} in the crash loop (kill ${tally.kills})`);
      });
    } else if (event.kind === 'restart-redis') {
      say('restarting Redis (SIGKILL, same AOF)');
      await env.redis.crash();
      tally.redisRestarts += 1;
    } else {
      say(`arming the POP3 cut: the next RETR session is reset after ${event.afterBytes} bytes`);
      env.proxy.arm(event.afterBytes);
    }
  }
  // Processes killed last come back before the run waits for the queue to drain.
  for (const timer of restarts) clearTimeout(timer);
  restarts.clear();
  for (const role of CHAOS_ROLES) if (!abort.signal.aborted) running.start(role);

  // Commands fail rather than wait forever: on Ctrl-C the terminal stops Redis too.
  const redis = new Redis(env.redis.url, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  const mailQueue = new Queue(MAIL_QUEUE, { connection: redis, prefix: env.prefix });
  mailQueue.on('error', () => undefined);
  try {
    say('faults done; waiting for the queue and the mailbox to go quiet');
    const quiet = await waitUntilQuiet({
      mailQueue,
      mailboxCount: () => env.dovecot.count(env.username),
      strandedCount: () => countStranded(redis, new RedisKeys(env.prefix), mailQueue),
      deadlineMs: deadline,
      signal: abort.signal,
      report: say,
    });
    await running.stopAll(10_000);
    if (abort.signal.aborted) throw new Error('interrupted before the checks');
    const findings = await inspectRedis(redis, new RedisKeys(env.prefix), mailQueue);
    const verdict = judgeChaosRun(
      mails.map((mail) => mail.messageId),
      env.receiver.tickets.map((ticket) => ticket.messageId),
      findings.deadLetters.map((letter) => letter.messageId),
    );
    const report = chaosReport(
      {
        seed: options.seed,
        mails: options.mails,
        kills: tally.kills,
        freezes: tally.freezes,
        redisRestarts: tally.redisRestarts,
        pop3Cuts: env.proxy.cuts,
        tickets: env.receiver.tickets.length,
        seconds: (performance.now() - started) / 1000,
        quiet,
        mailboxLeft: await env.dovecot.count(env.username),
        receiver: env.receiver.counts,
        unexpectedExits: running.unexpectedExits,
      },
      verdict,
      findings,
    );
    const table = await writeChaosReport(join(RESULTS, 'chaos.json'), report);
    process.stdout.write(`\n${table}\n\nbench-results/chaos.json, logs in bench-results/chaos-logs/\n`);
    // The promise also wants the mailbox emptied and no mail stranded in Redis without an outcome.
    const stranded = ['mailboxLeft', 'rawWithoutJob', 'failedWithoutOutcome'].some(
      (field) => report[field] !== 0,
    );
    const kept = verdict.lost.length === 0 && verdict.duplicated.length === 0 && !stranded;
    exitCode = kept && !abort.signal.aborted ? 0 : 1;
  } finally {
    redis.disconnect();
    await Promise.race([mailQueue.close().catch(() => undefined), sleep(2000)]);
  }
} catch (error) {
  if (abort.signal.aborted) say('interrupted: nothing was checked');
  else say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 2;
} finally {
  for (const timer of restarts) clearTimeout(timer);
  await processes?.stopAll(5_000).catch(() => undefined);
  await environment?.stop();
}
process.exit(abort.signal.aborted ? 130 : exitCode);
