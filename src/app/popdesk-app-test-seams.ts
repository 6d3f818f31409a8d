import type { PollMailboxDeps } from '../mailbox/poll-mailbox.js';
import type { Pop3Client } from '../pop3/index.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { MailIntake } from '../queue/mail-intake.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';

/**
 * What only tests pass to {@link PopdeskApp.create}, as its own argument so the production
 * dependency type stays free of them. Production wiring passes none: each defaults to what
 * production runs.
 *
 * The wrappers let fault-injection tests kill the process at exact points of a mail's path
 * (after RETR, after DELE, after the helpdesk answered); the timings let a test see a killed
 * process's work handed on within its patience.
 */
export interface PopdeskAppTestSeams {
  readonly session?: (client: Pop3Client) => Pop3Client;
  readonly intake?: (intake: MailIntake) => PollMailboxDeps['intake'];
  readonly ledger?: (ledger: TicketLedger) => TicketLedger;
  readonly deadLetters?: (store: DeadLetterStore) => DeadLetterStore;
  /**
   * How soon a job whose worker died is handed to another worker (BullMQ's lock duration and
   * stalled-job check; also the life of a mail's delivery lock and how often failed jobs are
   * reconciled). Default BullMQ's 30 s, which suits production.
   */
  readonly workerTimings?: { readonly lockDurationMs: number; readonly stalledIntervalMs: number };
  /**
   * Expiry of a mailbox's poll lock, renewed while the poll runs: after a poller is killed, its
   * mailbox is polled again at most this much later. Default 30 s.
   */
  readonly pollLockTtlMs?: number;
}
