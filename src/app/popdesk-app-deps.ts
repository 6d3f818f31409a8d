import type { INetworkModule } from '@azure/msal-node';
import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { PollMailboxDeps } from '../mailbox/poll-mailbox.js';
import type { Pop3Client } from '../pop3/index.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { MailIntake } from '../queue/mail-intake.js';
import type { PendingMail } from '../queue/pending-mails.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import type { RedisPatience } from './connect-redis.js';

/**
 * Seams for fault-injection tests, which kill the process at exact points of a mail's path
 * (after RETR, after DELE, after the helpdesk answered). Production wiring passes none.
 */
export interface Instrumentation {
  readonly session?: (client: Pop3Client) => Pop3Client;
  readonly intake?: (intake: MailIntake) => PollMailboxDeps['intake'];
  readonly ledger?: (ledger: TicketLedger) => TicketLedger;
  readonly deadLetters?: (store: DeadLetterStore) => DeadLetterStore;
}

/** What {@link PopdeskApp.create} needs besides the config. */
export interface PopdeskAppDeps {
  readonly logger: Logger;
  readonly http: AxiosInstance;
  readonly now?: () => Date;
  readonly adapter?: HelpdeskAdapter;
  readonly instrument?: Instrumentation;
  /**
   * How soon a job whose worker died is handed to another worker (BullMQ's lock duration and
   * stalled-job check; also the life of a mail's delivery lock and how often failed jobs are
   * reconciled). BullMQ's 30 s defaults suit production; tests shorten them.
   */
  readonly workerTimings?: { readonly lockDurationMs: number; readonly stalledIntervalMs: number };
  /**
   * Expiry of a mailbox's poll lock, renewed while the poll runs: after a poller is killed, its
   * mailbox is polled again at most this much later. Default 30 s.
   */
  readonly pollLockTtlMs?: number;
  /**
   * How long {@link PopdeskApp.create} waits for Redis: `start` waits as long as it takes; the
   * default gives up after ten seconds, as a one-shot command must.
   */
  readonly redisPatience?: RedisPatience;
  /** HTTP client MSAL uses to reach Microsoft's login service (an egress proxy; tests play Microsoft). */
  readonly msalNetworkClient?: INetworkModule;
}

/** Where every mail a poll queued ended up. */
export interface Outcomes {
  readonly tickets: Map<string, string>;
  readonly deadLetters: string[];
  /** Mails with neither when the wait's deadline came. */
  readonly pending: PendingMail[];
}
