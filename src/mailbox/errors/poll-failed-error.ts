import type { PollReport } from '../poll-report.js';

/**
 * A poll broke off. `report` says what it had done by then: the mails it queued are in Redis
 * and will be delivered, so a caller waiting for outcomes (poll-once) must wait for them too.
 * `cause` is the failure itself (a `Pop3Error`, an OAuth error, a Redis error...).
 */
export class PollFailedError extends Error {
  override name = 'PollFailedError';

  readonly mailboxId: string;
  readonly report: PollReport;
  /** After a refused login: the earliest time the next login will be tried. */
  readonly nextLoginAt: Date | undefined;

  constructor(
    mailboxId: string,
    report: PollReport,
    options: { cause: unknown; nextLoginAt?: Date | undefined },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const next =
      options.nextLoginAt !== undefined ? `; next login attempt at ${options.nextLoginAt.toISOString()}` : '';
    super(
      `polling mailbox "${mailboxId}" failed after ${report.queued.length} queued mail(s): ${reason}${next}`,
      { cause: options.cause },
    );
    this.mailboxId = mailboxId;
    this.report = report;
    this.nextLoginAt = options.nextLoginAt;
  }
}
