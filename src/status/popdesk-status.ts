/**
 * What `popdesk status` reports, and exactly what `popdesk status --json` prints: a stable
 * object documented in docs/status.md. Times are ISO 8601 strings in UTC; `null` means
 * "not known" (never polled, nothing waiting, no expiry in the cache).
 */
export interface PopdeskStatus {
  /** When the status was read. */
  readonly at: string;
  readonly mailboxes: readonly MailboxStatus[];
  readonly queue: QueueStatus;
  /** Dead letters kept, in total and by reason (`dead-letters list --reason`). */
  readonly deadLetters: KeptMailCounts;
  /** Filtered mails kept, in total and by reason: their hygiene class, or `rate-limit`. */
  readonly filtered: KeptMailCounts;
  readonly helpdesk: HelpdeskStatus;
}

/** One configured mailbox. */
export interface MailboxStatus {
  readonly id: string;
  /** The last poll any replica recorded; null when the mailbox was never polled. */
  readonly lastPoll: LastPoll | null;
  /** When a poll of this mailbox last went through. */
  readonly lastOkAt: string | null;
  /** Failed polls in a row, up to the last one (0 once a poll goes through). */
  readonly consecutiveFailures: number;
  /** When the job scheduler runs the next poll; null when no `popdesk start` scheduled one yet. */
  readonly nextPollAt: string | null;
  readonly signIn: SignInStatus;
}

/** How a poll ended. */
export interface LastPoll {
  readonly startedAt: string;
  readonly endedAt: string;
  readonly result: 'ok' | 'failed';
  /** Why it failed; null for a poll that went through. */
  readonly reason: string | null;
  /** Mails downloaded. */
  readonly fetched: number;
  /** Mails of those queued for the helpdesk (not duplicates). */
  readonly queued: number;
  readonly duplicates: number;
  readonly deadLettered: number;
}

/** Whether popdesk can log in to a mailbox without a person. */
export type SignInStatus =
  /** `auth.type: password`: nothing expires. */
  | { readonly type: 'password' }
  /**
   * `auth.type: oauth2-outlook-app`: the app signs in by itself. A certificate's expiry is known
   * here; a client secret's is set in Entra ID and cannot be read without signing in.
   */
  | {
      readonly type: 'oauth2-outlook-app';
      readonly credential: 'secret' | 'certificate';
      /** The certificate's `notAfter`; null for a secret, or a certificate that could not be read. */
      readonly certificateExpiresAt: string | null;
    }
  /** An OAuth2 mailbox whose token cache holds a refresh token. */
  | {
      readonly type: 'oauth2-outlook';
      readonly state: 'signed-in';
      /** When the cached access token expires (MSAL refreshes it on its own); null if none is cached. */
      readonly accessTokenExpiresAt: string | null;
      /** When the refresh token expires, where the cache says; after that a person must sign in again. */
      readonly refreshTokenExpiresAt: string | null;
    }
  /** An OAuth2 mailbox nobody signed in to (or whose sign-in was lost): `fix` says what to run. */
  | { readonly type: 'oauth2-outlook'; readonly state: 'sign-in-needed'; readonly fix: string }
  /** The token cache could not be read; `error` says why. */
  | { readonly type: 'oauth2-outlook'; readonly state: 'unknown'; readonly error: string };

/** The mail queue (BullMQ job counts). */
export interface QueueStatus {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  /** Seconds since the oldest waiting mail was queued; null when nothing waits. */
  readonly oldestWaitingAgeSeconds: number | null;
}

/** Kept mail counted by why it was kept. */
export interface KeptMailCounts {
  readonly total: number;
  /** Only reasons with at least one mail, in alphabetical order. */
  readonly byReason: Readonly<Record<string, number>>;
}

/** The helpdesk circuit: open (`paused`) while the helpdesk refuses popdesk's credentials. */
export type HelpdeskStatus =
  | { readonly paused: false }
  | {
      readonly paused: true;
      readonly why: string;
      readonly pausedSince: string;
      /** When a worker next sends one mail as a probe. */
      readonly nextProbeAt: string;
    };
