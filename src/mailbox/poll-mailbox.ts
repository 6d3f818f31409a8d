import type { Logger } from 'pino';
import { logExpectedFailure } from '../observability/log-failure.js';
import { Pop3AuthError, Pop3CommandError, Pop3MessageTooLargeError } from '../pop3/index.js';
import type { DeadLetter } from '../queue/dead-letter-store.js';
import type { IntakeOutcome, KnownMail } from '../queue/mail-intake.js';
import { ByteWindow } from './byte-window.js';
import { deadLetterTooLarge } from './dead-letter-too-large.js';
import { PollFailedError } from './errors/poll-failed-error.js';
import { SessionDeadlineError } from './errors/session-deadline-error.js';
import type { MailboxSession } from './open-mailbox-session.js';
import { type ListedMessage, type PlannedStep, planListing } from './plan-listing.js';
import { type Cycle, dele } from './poll-cycle.js';
import { emptyPollReport, type PollReport } from './poll-report.js';
import { refusedRetrieval } from './refused-retrieval.js';
import { sameHeaders } from './same-headers.js';
import type { SessionDeferral } from './session-gate.js';
import { SessionWork } from './session-work.js';

export type { PollReport } from './poll-report.js';

/** How one mailbox is polled. */
export interface MailboxPollSettings {
  readonly id: string;
  /** New messages fetched per POP3 session; QUIT after each batch commits its deletions. */
  readonly batchSize: number;
  /** Hard ceiling on one mail, enforced while it streams in; larger ones become dead letters. */
  readonly maxMessageBytes: number;
  /** What happens on the server to a message over `maxMessageBytes`. */
  readonly oversize: 'keep' | 'delete';
  /** `keep` never sends DELE. */
  readonly mode: 'delete' | 'keep';
  /** Longest one POP3 session may last before it is dropped without QUIT. */
  readonly sessionDeadline: number;
}

/** What the poll cycle needs from the rest of popdesk. */
export interface PollMailboxDeps {
  /** Connects, logs in and lists the mailbox. */
  readonly openSession: () => Promise<MailboxSession>;
  readonly intake: {
    known(mailboxId: string, uidls: readonly string[]): Promise<Map<string, KnownMail>>;
    accept(mailboxId: string, uidl: string, raw: Buffer, listedSize: number): Promise<IntakeOutcome>;
    markTooLarge(mailboxId: string, uidl: string, listedSize: number, headers: Buffer): Promise<void>;
    refused(mailboxId: string, uidl: string, listedSize: number): Promise<number>;
    markUnfetchable(mailboxId: string, uidl: string, listedSize: number): Promise<void>;
  };
  readonly deadLetters: { add(letter: DeadLetter): Promise<void> };
  /** When a session may start (LOGIN-DELAY, back-off after refused logins); shared by replicas. */
  readonly gate: {
    deferral(): Promise<SessionDeferral | undefined>;
    loggedIn(at: Date, loginDelaySeconds: number | undefined): Promise<void>;
    loginRefused(): Promise<{ readonly failures: number; readonly nextLoginAt: Date }>;
  };
  readonly logger: Logger;
  readonly now: () => Date;
  /** Once aborted, no new RETR is sent; mails in flight are finished and committed with QUIT. */
  readonly signal?: AbortSignal;
  /** Body bytes in flight at once while pipelining. Default 32 MiB. */
  readonly maxInFlightBytes?: number;
}

/**
 * Empties one mailbox into the queue, one POP3 session per batch: UIDL and LIST; for each new
 * message RETR, hand it to the intake, and only once the intake confirmed it is in Redis, DELE;
 * then QUIT, which commits the deletions. A failed session is dropped without QUIT, so the
 * server deletes nothing that was not confirmed and the next poll resumes where this one broke
 * off. A failure rejects with {@link PollFailedError}, whose report keeps what was queued.
 */
export async function pollMailbox(settings: MailboxPollSettings, deps: PollMailboxDeps): Promise<PollReport> {
  const report = emptyPollReport();
  const logger = deps.logger.child({ mailbox: settings.id });
  const started = deps.now().getTime();
  while (deps.signal?.aborted !== true) {
    // A poll starts no session after one deadline's worth of time: a poll lasts at most two.
    if (report.sessions > 0 && deps.now().getTime() - started > settings.sessionDeadline) break;
    const deferral = await deps.gate.deferral().catch((error: unknown) => {
      throw new PollFailedError(settings.id, report, { cause: error });
    });
    if (deferral !== undefined) {
      report.deferred = deferral;
      logger.debug(
        { reason: deferral.reason, until: deferral.until.toISOString() },
        'no session before then',
      );
      break;
    }
    const session = await openSession(settings, deps, logger, report);
    if (session === undefined) break;
    report.sessions += 1;
    const progressBefore = progress(report);
    const cycle: Cycle = {
      client: session.client,
      settings,
      deps,
      logger,
      report,
      sessionLost: false,
      overflows: new WeakSet(),
    };
    let fetched: number;
    try {
      fetched = await withDeadline(cycle, async () => {
        const count = await pollSession(cycle, session);
        await session.client.quit();
        return count;
      });
    } catch (error) {
      session.client.destroy();
      // An oversize mail that took the session down is a dead letter now; the rest flows on.
      if (cycle.sessionLost) continue;
      throw new PollFailedError(settings.id, report, { cause: error });
    }
    // A full batch that changed nothing (refused or duplicate mail) would repeat forever.
    if (fetched < settings.batchSize || progress(report) === progressBefore) break;
  }
  return report;
}

/** How much a poll has achieved so far; a session that leaves it unchanged made no progress. */
function progress(report: PollReport): number {
  return report.queued.length + report.deleted + report.deadLetters.length;
}

/**
 * Logs in, or resolves undefined when this poll should stop without failing: the server refused
 * a further session (Cyrus's `-ERR [LOGIN-DELAY]`) after earlier ones queued mail.
 */
async function openSession(
  settings: MailboxPollSettings,
  deps: PollMailboxDeps,
  logger: Logger,
  report: PollReport,
): Promise<MailboxSession | undefined> {
  try {
    const session = await deps.openSession();
    await deps.gate
      .loggedIn(deps.now(), session.client.capabilities.loginDelaySeconds)
      .catch((error: unknown) => {
        session.client.destroy();
        throw error;
      });
    return session;
  } catch (error) {
    if (error instanceof Pop3AuthError && error.temporary && report.sessions > 0) {
      logExpectedFailure(
        logger,
        'warn',
        { queued: report.queued.length },
        error,
        'the server refused another session for now; the rest waits for the next poll',
      );
      return undefined;
    }
    if (error instanceof Pop3AuthError && !error.temporary) {
      const { failures, nextLoginAt } = await deps.gate.loginRefused().catch((gateError: unknown) => {
        throw new PollFailedError(settings.id, report, { cause: gateError });
      });
      logExpectedFailure(
        logger,
        'error',
        { failures, nextLoginAt: nextLoginAt.toISOString() },
        error,
        'the POP3 server refused the login; no new attempt before nextLoginAt',
      );
      throw new PollFailedError(settings.id, report, { cause: error, nextLoginAt });
    }
    throw new PollFailedError(settings.id, report, { cause: error });
  }
}

/**
 * Runs the whole session (listing to QUIT), dropping it without QUIT when the session deadline
 * passes first. Once dropped, the session's remaining steps fail fast; they are awaited, so a
 * mail the intake was storing at that moment is in the report before the poll fails.
 */
async function withDeadline<T>(cycle: Cycle, step: () => Promise<T>): Promise<T> {
  const { sessionDeadline } = cycle.settings;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), sessionDeadline);
  });
  const running = step();
  try {
    const first = await Promise.race([running, expired]);
    if (first !== 'expired') return first;
  } finally {
    clearTimeout(timer);
  }
  cycle.client.destroy();
  await running.catch(() => undefined);
  throw new SessionDeadlineError(sessionDeadline);
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
  const known = await deps.intake.known(settings.id, [...new Set(listed.map((message) => message.uidl))]);
  const steps = planListing(listed, known, settings);
  const work = new SessionWork();
  const confirming: Array<Promise<ListedMessage | undefined>> = [];
  const toFetch: ListedMessage[] = [];
  for (const step of steps) {
    if (step.kind === 'fetch') toFetch.push(step.message);
    else if (step.kind === 'confirm-queued')
      confirming.push(confirmQueued(cycle, step.message, step.known, work));
    else work.track(runStep(cycle, step));
  }
  // Mails queued by an earlier poll that could not be confirmed are fetched again, first.
  const unconfirmed = (await Promise.all(confirming)).filter((message) => message !== undefined);
  toFetch.unshift(...unconfirmed);
  const batch = toFetch.slice(0, settings.batchSize);
  const window = new ByteWindow(deps.maxInFlightBytes ?? 32 * 1024 * 1024);
  for (const message of batch) {
    if (deps.signal?.aborted === true || work.failed) break;
    await window.acquire(message.size);
    work.track(fetchOne(cycle, message).finally(() => window.release(message.size)));
  }
  await work.settled();
  return batch.length;
}

async function runStep(cycle: Cycle, step: Extract<PlannedStep, { kind: 'too-large' | 'delete-too-large' }>) {
  const { message } = step;
  if (step.kind === 'too-large') return deadLetterTooLarge(cycle, message, undefined);
  // With the headers on record, DELE only what TOP shows is that mail; without them (no TOP) the size must do.
  const { headerSha256 } = step.known;
  if (headerSha256 !== undefined && !(await sameHeaders(cycle, message, headerSha256))) {
    cycle.logger.warn(
      { uidl: message.uidl },
      'another mail under the UIDL of a mail dead-lettered as too large',
    );
    return deadLetterTooLarge(cycle, message, undefined);
  }
  cycle.logger.info({ uidl: message.uidl }, 'deleting a mail dead-lettered as too large earlier');
  return dele(cycle, message);
}

/**
 * DELE for a mail an earlier poll queued (and was cut off before QUIT), once TOP showed it is
 * still that mail; resolves the message instead when it must be fetched and compared.
 */
async function confirmQueued(
  cycle: Cycle,
  message: ListedMessage,
  known: KnownMail,
  work: SessionWork,
): Promise<ListedMessage | undefined> {
  const recorded = known.kind === 'queued' ? known.headerSha256 : undefined;
  if (!(await sameHeaders(cycle, message, recorded))) return message;
  cycle.report.duplicates += 1;
  cycle.logger.info({ uidl: message.uidl }, 'mail was queued by an earlier poll; deleting it');
  work.track(dele(cycle, message));
  return undefined;
}

async function fetchOne(cycle: Cycle, message: ListedMessage): Promise<void> {
  const { client, settings, deps, logger, report } = cycle;
  const { uidl } = message;
  let raw: Buffer;
  try {
    // LIST sizes are hints (Exchange estimates them): only the hard ceiling bounds a RETR.
    raw = await client.retrieve(message.number, { maxBytes: settings.maxMessageBytes });
  } catch (error) {
    if (error instanceof Pop3MessageTooLargeError && !cycle.overflows.has(error)) {
      cycle.overflows.add(error);
      return deadLetterTooLarge(cycle, message, error);
    }
    // The session itself is fine after a -ERR.
    if (error instanceof Pop3CommandError) return refusedRetrieval(cycle, message, error);
    throw error;
  }
  report.fetched += 1;
  const outcome = await deps.intake.accept(settings.id, uidl, raw, message.size);
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
