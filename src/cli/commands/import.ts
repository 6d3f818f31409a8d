import axios from 'axios';
import cliProgress from 'cli-progress';
import { PopdeskApp } from '../../app/popdesk-app.js';
import { loadConfig } from '../../config/index.js';
import { type ImportSummary, importMails } from '../../import/import-mails.js';
import { findImportSources, importBytes, readImportSources } from '../../import/import-sources.js';
import { createLogger } from '../../observability/create-logger.js';
import type { CliOutput } from '../cli-output.js';
import { DEADLINE_EXIT_CODE } from './poll-once.js';

/** What `popdesk import` was asked for. */
export interface ImportRequest {
  readonly paths: readonly string[];
  readonly config?: string;
  /** Deliver what was queued in this process and wait for each mail's outcome. */
  readonly wait?: boolean;
  /** With `wait`: overrides `pollOnce.deadline`, in milliseconds. */
  readonly deadline?: number;
}

/**
 * `popdesk import <path>...`: takes mbox files, Maildir folders and `.eml` files in through the
 * intake POP3 mail goes through (raw copy, job, de-duplication), with a progress bar when
 * stdout is a terminal, and prints a summary. The running workers deliver the mail; with
 * `--wait` this process does and waits. Exit 0; 1 when a mail could not be read or taken in,
 * or (with `--wait`) became a dead letter; 3 when the deadline came first.
 */
export async function importCommand(request: ImportRequest, out: CliOutput): Promise<number> {
  // Imported mail comes from files, never a mailbox: a worker's config without mailbox secrets does.
  const config = loadConfig({
    ...(request.config !== undefined ? { path: request.config } : {}),
    mailboxSecrets: false,
  });
  // stdout holds the progress bar and the summary; the log lines go beside them on stderr.
  const logger = createLogger({ level: config.log.level, destination: process.stderr });
  const app = await PopdeskApp.create(config, { logger, http: axios.create() });
  try {
    const sources = await findImportSources(request.paths);
    const bar = process.stdout.isTTY === true ? progressBar() : undefined;
    bar?.start(await importBytes(sources), 0, counts(undefined));
    let done = 0;
    const summary = await importMails(readImportSources(sources), app.intake, (item, sofar) => {
      done += item.bytes;
      bar?.update(done, counts(sofar));
    });
    bar?.update(bar.getTotal(), counts(summary));
    bar?.stop();
    printSummary(summary, out);
    if (request.wait !== true) return summary.failed.length > 0 ? 1 : 0;
    return await deliver(app, summary, request.deadline ?? config.pollOnce.deadline, out);
  } finally {
    await app.close();
  }
}

async function deliver(
  app: PopdeskApp,
  summary: ImportSummary,
  deadlineMs: number,
  out: CliOutput,
): Promise<number> {
  const worker = await app.startWorkers();
  const outcomes = await app.waitForOutcomes(summary.refs, { deadline: Date.now() + deadlineMs });
  await worker.close();
  out.print(
    `delivered: ${outcomes.tickets.size} ticket(s), ${outcomes.deadLetters.length} dead letter(s), ` +
      `${outcomes.filtered.length} filtered, ${outcomes.pending.length} still pending`,
  );
  if (outcomes.pending.length > 0) return DEADLINE_EXIT_CODE;
  return summary.failed.length > 0 || outcomes.deadLetters.length > 0 ? 1 : 0;
}

function printSummary(summary: ImportSummary, out: CliOutput): void {
  out.print(
    `read ${summary.read}, queued ${summary.queued}, duplicates ${summary.duplicates}, failed ${summary.failed.length}`,
  );
  for (const failure of summary.failed) out.error(`not imported: ${failure.source}: ${failure.reason}`);
}

function progressBar(): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format:
        'importing [{bar}] {percentage}% | {read} read, {queued} queued, {duplicates} duplicates, {failed} failed',
      stream: process.stdout,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
}

function counts(summary: Readonly<ImportSummary> | undefined): Record<string, number> {
  return {
    read: summary?.read ?? 0,
    queued: summary?.queued ?? 0,
    duplicates: summary?.duplicates ?? 0,
    failed: summary?.failed.length ?? 0,
  };
}
