import type { Logger } from 'pino';
import type { Pop3Client } from '../pop3/index.js';
import type { ListedMessage } from './plan-listing.js';
import type { MailboxPollSettings, PollMailboxDeps } from './poll-mailbox.js';
import type { PollReport } from './poll-report.js';

/** What every step of one POP3 session works with. */
export interface Cycle {
  readonly client: Pop3Client;
  readonly settings: MailboxPollSettings;
  readonly deps: PollMailboxDeps;
  readonly logger: Logger;
  readonly report: PollReport;
  /** Set when an oversize mail ended the session: a reason to open the next one, not to fail. */
  sessionLost: boolean;
  /**
   * Oversize errors already handled. A client that drops the session on an oversize body
   * rejects every command in flight with that same error, the oversize RETR first: only that
   * one is the mail too large, the others were merely cut off.
   */
  readonly overflows: WeakSet<Error>;
}

/** Marks a message for deletion; the session's QUIT commits it. */
export async function dele({ client, report }: Cycle, message: ListedMessage): Promise<void> {
  await client.dele(message.number);
  report.deleted += 1;
}
