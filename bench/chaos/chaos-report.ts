import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatTextTable } from '../text-table.js';
import type { ChaosVerdict } from './chaos-verdict.js';
import { normalMessageId } from './chaos-verdict.js';
import type { RedisFindings } from './redis-inspection.js';

/** Everything the run counted, beside the verdict and what Redis holds. */
export interface ChaosTally {
  readonly seed: number;
  readonly mails: number;
  readonly kills: number;
  readonly freezes: number;
  readonly redisRestarts: number;
  readonly pop3Cuts: number;
  readonly tickets: number;
  readonly seconds: number;
  /** False when the run hit its time limit before the queue and the mailbox went quiet. */
  readonly quiet: boolean;
  readonly mailboxLeft: number;
  readonly receiver: Readonly<Record<string, number>>;
  readonly unexpectedExits: readonly object[];
}

/** The JSON written to bench-results/chaos.json: the headline numbers first, then the detail. */
export function chaosReport(
  tally: ChaosTally,
  verdict: ChaosVerdict,
  redis: RedisFindings,
): Record<string, unknown> {
  const jobsFor = (messageId: string): object[] =>
    redis.jobs.filter((job) => normalMessageId(job.messageId) === messageId);
  const reasons: Record<string, number> = {};
  for (const letter of redis.deadLetters) reasons[letter.reason] = (reasons[letter.reason] ?? 0) + 1;
  return {
    mails: tally.mails,
    kills: tally.kills,
    redisRestarts: tally.redisRestarts,
    tickets: tally.tickets,
    deadLetters: redis.deadLetters.length,
    lost: verdict.lost.length,
    duplicated: verdict.duplicated.length,
    seconds: Math.round(tally.seconds * 10) / 10,
    seed: tally.seed,
    freezes: tally.freezes,
    pop3Cuts: tally.pop3Cuts,
    quiet: tally.quiet,
    mailboxLeft: tally.mailboxLeft,
    rawWithoutJob: redis.leftoverRaw.filter((raw) => raw.jobState === 'missing').length,
    // A failed job is one BullMQ gave up on; popdesk's promise wants a ticket or a dead letter for each.
    failedWithoutOutcome: redis.jobs.filter(
      (job) =>
        job.state === 'failed' &&
        !job.hasTicket &&
        !redis.deadLetters.some((letter) => letter.id === job.id || letter.messageId === job.messageId),
    ).length,
    lostMails: verdict.lost.map((messageId) => ({ messageId, jobs: jobsFor(messageId) })),
    duplicatedMails: verdict.duplicated,
    unmatched: verdict.unmatched,
    deadLetterReasons: reasons,
    deadLetterList: redis.deadLetters,
    leftoverRaw: redis.leftoverRaw,
    failedJobs: redis.jobs.filter((job) => job.state === 'failed'),
    unfinishedJobs: redis.jobs.filter((job) => job.state !== 'failed' && job.state !== 'completed'),
    receiver: tally.receiver,
    unexpectedExits: tally.unexpectedExits,
  };
}

/** Writes the report as JSON and returns the short table printed at the end of a run. */
export async function writeChaosReport(path: string, report: Record<string, unknown>): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  const rows = [
    'seed',
    'mails',
    'kills',
    'freezes',
    'redisRestarts',
    'pop3Cuts',
    'tickets',
    'deadLetters',
    'lost',
    'duplicated',
    'mailboxLeft',
    'rawWithoutJob',
    'failedWithoutOutcome',
    'quiet',
    'seconds',
  ].map((name) => [name, String(report[name])]);
  return formatTextTable(
    [
      { title: 'chaos', align: 'left' },
      { title: 'value', align: 'right' },
    ],
    rows,
  );
}
