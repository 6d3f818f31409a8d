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
      fetched = await pollSession({ client, settings, deps, logger, report }, session);
      await client.quit();
    } catch (error) {
      client.destroy();
      throw error;
    }
    if (fetched < settings.batchSize) break;
  }
  return report;
}

/** What every step of one POP3 session works with. */
interface Cycle {
  readonly client: Pop3Client;
  readonly settings: MailboxPollSettings;
  readonly deps: PollMailboxDeps;
  readonly logger: Logger;
  readonly report: PollReport;
}

/** One message as LIST and UIDL described it in this session. */
interface ListedMessage {
  readonly number: number;
  readonly uidl: string;
  readonly size: number;
}

/** One session; returns how many new messages it fetched. */
async function pollSession(cycle: Cycle, { uidls, sizes }: MailboxSession): Promise<number> {
  const { settings, deps } = cycle;
  const listed: ListedMessage[] = [...sizes.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([number, size]) => {
      const uidl = uidls.get(number);
      return uidl === undefined ? [] : [{ number, uidl, size }];
    });
  const known = await deps.intake.known(
    settings.id,
    listed.map((message) => message.uidl),
  );
  const work: Array<Promise<void>> = [];
  const fresh: ListedMessage[] = [];
  for (const message of listed) {
    const seen = known.get(message.uidl);
    if (seen === 'queued') {
      cycle.report.duplicates += 1;
      cycle.logger.info(
        { uidl: message.uidl, ref: mailRef(settings.id, message.uidl) },
        'mail was queued by an earlier poll',
      );
      if (settings.mode === 'delete') work.push(dele(cycle, message));
    } else if (seen === undefined && message.size > settings.maxMessageBytes) {
      work.push(deadLetterTooLarge(cycle, message));
    } else if (seen === undefined) {
      fresh.push(message);
    }
  }

  const batch = fresh.slice(0, settings.batchSize);
  const window = new ByteWindow(deps.maxInFlightBytes ?? 32 * 1024 * 1024);
  let failure: unknown;
  for (const message of batch) {
    if (deps.signal?.aborted === true || failure !== undefined) break;
    await window.acquire(message.size);
    work.push(
      fetchOne(cycle, message)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => window.release(message.size)),
    );
  }
  await Promise.all(work);
  if (failure !== undefined) throw failure;
  return batch.length;
}

async function fetchOne(cycle: Cycle, message: ListedMessage): Promise<void> {
  const { client, settings, deps, logger, report } = cycle;
  const { uidl } = message;
  let raw: Buffer;
  try {
    raw = await client.retrieve(message.number, { maxBytes: sizeLimitFromList(message.size) });
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
  if (outcome.kind === 'queued') {
    report.queued.push(outcome.ref);
    logger.info({ uidl, ref: outcome.ref, messageId: outcome.messageId, size: raw.length }, 'mail queued');
  } else {
    report.duplicates += 1;
    logger.info(
      { uidl, ref: outcome.ref, messageId: outcome.messageId },
      'mail was already queued; not queued again',
    );
  }
  if (settings.mode === 'delete') await dele(cycle, message);
}

async function deadLetterTooLarge(cycle: Cycle, message: ListedMessage): Promise<void> {
  const { client, settings, deps, logger, report } = cycle;
  const { uidl, size } = message;
  const head = await client.top(message.number, 0, { maxBytes: 1024 * 1024 });
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
  if (deleting) await dele(cycle, message);
}

async function dele({ client, report }: Cycle, message: ListedMessage): Promise<void> {
  await client.dele(message.number);
  report.deleted += 1;
}
