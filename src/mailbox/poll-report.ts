import type { SessionDeferral } from './session-gate.js';

/** What one poll did. */
export interface PollReport {
  sessions: number;
  /** Mails retrieved (RETR) by this poll, queued or found to be duplicates. */
  fetched: number;
  /** References of the mails queued by this poll. */
  readonly queued: string[];
  duplicates: number;
  deleted: number;
  /** Ids of the dead letters this poll wrote (mails too large to fetch). */
  readonly deadLetters: string[];
  /**
   * Set when the poll stopped before the mailbox was empty because no session may start yet
   * (the server's LOGIN-DELAY, or the back-off after refused logins), with the earliest next one.
   */
  deferred?: SessionDeferral;
}

/** A report of a poll that has done nothing yet. */
export function emptyPollReport(): PollReport {
  return { sessions: 0, fetched: 0, queued: [], duplicates: 0, deleted: 0, deadLetters: [] };
}
