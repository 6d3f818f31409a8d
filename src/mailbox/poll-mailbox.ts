import type { Logger } from 'pino';
import { peekHeaders } from '../mail/peek-headers.js';
import { type Pop3Client, Pop3CommandError, sizeLimitFromList } from '../pop3/index.js';
import type { DeadLetter } from '../queue/dead-letter-store.js';
import type { IntakeOutcome, KnownMail } from '../queue/mail-intake.js';
import { mailRef } from '../queue/mail-ref.js';
import { ByteWindow } from './byte-window.js';
import type { MailboxSession } from './open-mailbox-session.js';

/** How one mailbox is polled. */
export interface MailboxPollSettings {
  readonly id: string;
  /** New messages fetched per POP3 session; QUIT after each batch commits its deletions. */
  readonly batchSize: number;
  /** Larger messages are not downloaded; they become dead letters built from their headers. */
  readonly maxMessageBytes: number;
  /** What happens on the server to a message over `maxMessageBytes`. */
  readonly oversize: 'keep' | 'delete';
  /** `keep` never sends DELE. */
  readonly mode: 'delete' | 'keep';
}

/** What the poll cycle needs from the rest of popdesk. */
export interface PollMailboxDeps {
  /** Connects, logs in and lists the mailbox. */
  readonly openSession: () => Promise<MailboxSession>;
  readonly intake: {
    known(mailboxId: string, uidls: readonly string[]): Promise<Map<string, KnownMail>>;
    accept(mailboxId: string, uidl: string, raw: Buffer): Promise<IntakeOutcome>;
    markTooLarge(mailboxId: string, uidl: string): Promise<void>;
  };
  readonly deadLetters: { add(letter: DeadLetter): Promise<void> };
  readonly logger: Logger;
  readonly now: () => Date;
  /** Once aborted, no new RETR is sent; mails in flight are finished and committed with QUIT. */
  readonly signal?: AbortSignal;
  /** Body bytes in flight at once while pipelining. Default 32 MiB. */
  readonly maxInFlightBytes?: number;
}

/** What one poll did. */
export interface PollReport {
  sessions: number;
  /** References of the mails queued by this poll. */
  readonly queued: string[];
  duplicates: number;
  deleted: number;
  /** Ids of the dead letters this poll wrote (mails too large to fetch). */
  readonly deadLetters: string[];
}

/**
 * Empties one mailbox into the queue, one POP3 session per batch: UIDL and LIST; DELE for
 * messages already queued by an earlier (perhaps interrupted) poll; for each new message RETR,
 * hand it to the intake, and only once the intake confirmed it is in Redis, DELE; then QUIT,
 * which commits the deletions. Any failure leaves the session without QUIT, so the server
 * deletes nothing that was not confirmed and the next poll resumes where this one broke off.
 */
export async function pollMailbox(settings: MailboxPollSettings, deps: PollMailboxDeps): Promise<PollReport> {
  const report: PollReport = { sessions: 0, queued: [], duplicates: 0, deleted: 0, deadLetters: [] };
  const logger = deps.logger.child({ mailbox: settings.id });
  while (deps.signal?.aborted !== true) {
    const session = await deps.openSession();
    const { client } = session;
    report.sessions += 1;
    let fetched: number;
    try {
      fetched = await pollSession(session, settings, deps, logger, report);
      await client.quit();
    } catch (error) {
      client.destroy();
      throw error;
    }
    if (fetched < settings.batchSize) break;
  }
  return report;
}

/** One session; returns how many new messages it fetched. */
async function pollSession(
  { client, uidls, sizes }: MailboxSession,
  settings: MailboxPollSettings,
  deps: PollMailboxDeps,
  logger: Logger,
  report: PollReport,
): Promise<number> {
  const numbers = [...sizes.keys()].sort((a, b) => a - b);
  const known = await deps.intake.known(
    settings.id,
    numbers.map((n) => uidls.get(n) ?? ''),
  );
  const deleting = settings.mode === 'delete';
  const work: Array<Promise<void>> = [];
  const fresh: number[] = [];

  for (const number of numbers) {
    const uidl = uidls.get(number);
    const size = sizes.get(number) ?? 0;
    if (uidl === undefined) continue;
    const seen = known.get(uidl);
    if (seen === 'queued') {
      report.duplicates += 1;
      logger.info({ uidl, ref: mailRef(settings.id, uidl) }, 'mail was queued by an earlier poll');
      if (deleting) work.push(dele(client, number, report));
    } else if (seen === undefined && size > settings.maxMessageBytes) {
      work.push(deadLetterTooLarge(client, number, uidl, size, settings, deps, logger, report));
    } else if (seen === undefined) {
      fresh.push(number);
    }
  }

  const batch = fresh.slice(0, settings.batchSize);
  const window = new ByteWindow(deps.maxInFlightBytes ?? 32 * 1024 * 1024);
  let failure: unknown;
  for (const number of batch) {
    if (deps.signal?.aborted === true || failure !== undefined) break;
    const uidl = uidls.get(number) as string;
    const size = sizes.get(number) ?? 0;
    await window.acquire(size);
    work.push(
      fetchOne(client, number, uidl, size, settings, deps, logger, report)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => window.release(size)),
    );
  }
  await Promise.all(work);
  if (failure !== undefined) throw failure;
  return batch.length;
}

async function fetchOne(
  client: Pop3Client,
  number: number,
  uidl: string,
  size: number,
  settings: MailboxPollSettings,
  deps: PollMailboxDeps,
  logger: Logger,
  report: PollReport,
): Promise<void> {
  let raw: Buffer;
  try {
    raw = await client.retrieve(number, { maxBytes: sizeLimitFromList(size) });
  } catch (error) {
    // Another client may have deleted it since LIST; the session itself is fine.
    if (error instanceof Pop3CommandError) {
      logger.warn(
        { uidl, err: error },
        'the server would not hand over a message; it is left for the next poll',
      );
      return;
    }
    throw error;
  }
  const outcome = await deps.intake.accept(settings.id, uidl, raw);
  const headers = peekHeaders(raw);
  if (outcome.kind === 'queued') {
    report.queued.push(outcome.ref);
    logger.info({ uidl, ref: outcome.ref, messageId: headers.messageId, size: raw.length }, 'mail queued');
  } else {
    report.duplicates += 1;
    logger.info(
      { uidl, ref: outcome.ref, messageId: headers.messageId },
      'mail was already queued; not queued again',
    );
  }
  if (settings.mode === 'delete') await dele(client, number, report);
}

async function deadLetterTooLarge(
  client: Pop3Client,
  number: number,
  uidl: string,
  size: number,
  settings: MailboxPollSettings,
  deps: PollMailboxDeps,
  logger: Logger,
  report: PollReport,
): Promise<void> {
  const head = await client.top(number, 0, { maxBytes: 1024 * 1024 });
  const headers = peekHeaders(head);
  const ref = mailRef(settings.id, uidl);
  const deleting = settings.mode === 'delete' && settings.oversize === 'delete';
  await deps.deadLetters.add({
    id: ref,
    ref,
    mailboxId: settings.id,
    reason: 'too-large',
    detail: `the mail is ${size} bytes, over maxMessageBytes (${settings.maxMessageBytes}); ${
      deleting ? 'it was deleted from the server, only its headers are kept' : 'it was left on the server'
    }`,
    failedAt: deps.now().toISOString(),
    attempts: 0,
    raw: head,
    rawComplete: false,
    ...headers,
  });
  await deps.intake.markTooLarge(settings.id, uidl);
  report.deadLetters.push(ref);
  logger.error(
    { uidl, ref, messageId: headers.messageId, size },
    'mail too large to fetch: dead letter written',
  );
  if (deleting) await dele(client, number, report);
}

async function dele(client: Pop3Client, number: number, report: PollReport): Promise<void> {
  await client.dele(number);
  report.deleted += 1;
}
