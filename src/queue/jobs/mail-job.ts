import { z } from 'zod';

/** The queue mails wait in between the poller and the workers. */
export const MAIL_QUEUE = 'mail';
export const MAIL_JOB = 'mail';

/**
 * A fetched mail waiting for its ticket. It carries a reference, not the mail: the raw bytes
 * are kept by `RawMailStore` under the same ref. The header fields are for logs and for people reading the
 * queue, cut short and never trusted for anything else.
 */
export const mailJobSchema = z.object({
  mailboxId: z.string(),
  ref: z.string(),
  uidl: z.string(),
  size: z.number().int().nonnegative(),
  fetchedAt: z.string(),
  messageId: z.string().optional(),
  subject: z.string().optional(),
  from: z.string().optional(),
  /** How often the helpdesk made this job wait (429/503 with Retry-After) without spending an attempt. */
  waits: z.number().int().nonnegative().default(0),
  /** How often the reconciler sent this job back after its runs died while posting. */
  revived: z.number().int().nonnegative().default(0),
  /**
   * Put back by a person (`popdesk filtered requeue`, `popdesk dead-letters requeue`): delivered
   * as a normal mail, whatever its class, and past the per-sender rate limit.
   */
  requeued: z.boolean().default(false),
});

export type MailJobData = z.infer<typeof mailJobSchema>;

/**
 * The mailbox id imported mail is taken in under (`popdesk import`): its de-duplication records,
 * job data and routing rules (`match.mailbox: [import]`) see it as this mailbox, and the worker
 * asks the helpdesk for each one's Message-ID before posting it.
 */
export const IMPORT_MAILBOX_ID = 'import';
