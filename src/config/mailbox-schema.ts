import { z } from 'zod';
import { isMapping } from './config-tree.js';
import { mailboxAuthSchema } from './mailbox-auth-schema.js';
import { applyProviderPreset, MAILBOX_PROVIDER_NAMES } from './mailbox-providers.js';
import {
  always,
  booleanSchema,
  durationSchema,
  integerSchema,
  singleLineSchema,
  sizeSchema,
} from './scalar-schemas.js';

/** What a mailbox id looks like; it also names the mailbox in environment variables and logs. */
export const MAILBOX_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** One POP3 mailbox, as written in the config file (after `provider` filled its keys). */
const mailboxFieldsSchema = z.strictObject({
  /** Names the mailbox in logs, Redis keys and environment variables. Unique; `[a-z0-9_-]`, 1-63 characters. */
  id: z.string().regex(MAILBOX_ID_PATTERN, {
    error: 'must be 1 to 63 of a-z, 0-9, _ and -, starting with a letter or digit',
  }),
  /** A known mail service (`outlook`) whose host, TLS mode and login method are filled in. */
  provider: z.enum(MAILBOX_PROVIDER_NAMES).optional(),
  /** POP3 server host name. Required unless `provider` is set. */
  host: z
    .string({ error: (issue) => (issue.input === undefined ? 'required (or set provider)' : undefined) })
    .min(1),
  /** TCP port. Default 995 when `tls` is implicit, 110 otherwise. */
  port: integerSchema(1, 65535).optional(),
  /** `implicit` (TLS from the first byte), `starttls` (STLS upgrade) or `none`. Default `implicit`. */
  tls: z.enum(['implicit', 'starttls', 'none']).default('implicit'),
  /** Check the server's certificate. Default true; prefer `caFile` to turning this off. */
  verifyCertificate: booleanSchema().default(true),
  /** Extra trusted CA certificate (PEM text); normally read from `caFile`. */
  ca: z.string().min(1).optional(),
  /** Path of a PEM file with an extra trusted CA, read at start-up into `ca`. */
  caFile: z.string().min(1).optional(),
  /** The login name, usually the mail address. */
  username: singleLineSchema(),
  /** The password, when `auth.type` is `password`. Prefer `passwordFile` or an environment variable. */
  password: singleLineSchema().optional(),
  /** Path of a file holding the password (trailing line break removed), read at start-up. */
  passwordFile: z.string().min(1).optional(),
  /** The login method. Default `{ type: password }`. */
  auth: mailboxAuthSchema.prefault({ type: 'password' }),
  /** Time between two polls, at least 1s; milliseconds once parsed. Default `60s`. */
  pollInterval: durationSchema('1s').prefault('60s'),
  /** Messages fetched per POP3 session; the QUIT that ends it commits their deletion. 1-10000, default 1000. */
  batchSize: integerSchema(1, 10_000).default(1000),
  /** Larger mails are not downloaded; bytes once parsed. At least 1KiB, default `50MB`. */
  maxMessageBytes: sizeSchema('1KiB').prefault('50MB'),
  /** What happens on the server to a mail over `maxMessageBytes`: `keep` (default) or `delete`. */
  oversize: z.enum(['keep', 'delete']).default('keep'),
  /** `delete` (default): delete each mail once queued. `keep`: never send DELE. */
  mode: z.enum(['delete', 'keep']).default('delete'),
  /** POP3 idle timeout, at least 1s; milliseconds once parsed. Default `60s`. */
  timeout: durationSchema('1s').prefault('60s'),
  /** Longest one POP3 session may last before it is dropped without QUIT, at least 1s. Default `30m`. */
  sessionDeadline: durationSchema('1s').prefault('30m'),
  /** Most commands in flight when the server pipelines. 1-10000, default 1000. */
  pipelineWindow: integerSchema(1, 10000).default(1000),
  /**
   * `auto` (default): pipeline only when the CAPA after login lists PIPELINING. `off`: never.
   * `probe`: also when a server that does not list it answers two NOOPs sent in one write in
   * order; the window then grows from 2 up to `pipelineWindow`.
   */
  pipelining: z.enum(['auto', 'off', 'probe']).default('auto'),
});

/** One POP3 mailbox: validated, defaults filled, files read, durations in ms, sizes in bytes. */
export const mailboxSchema = z.preprocess(applyProviderPreset, mailboxFieldsSchema.transform(finishMailbox));

/** One or more mailboxes with distinct ids. */
export const mailboxListSchema = z
  .array(mailboxSchema)
  .min(1, { error: 'list at least one mailbox' })
  .superRefine(rejectDuplicateIds, { when: always });

/**
 * A mailbox ready for the poller. In a process that polls, `password` is always set when
 * `auth.type` is `password` (see `requireMailboxPasswords`); a worker does without it.
 */
export type MailboxConfig = z.output<typeof mailboxSchema>;

type MailboxFields = z.output<typeof mailboxFieldsSchema>;

function finishMailbox(mailbox: MailboxFields) {
  return { ...mailbox, port: mailbox.port ?? (mailbox.tls === 'implicit' ? 995 : 110) };
}

// Runs even when items failed, and even when `mailboxes` is missing or not a list.
function rejectDuplicateIds(mailboxes: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(mailboxes)) return;
  const firstIndex = new Map<string, number>();
  mailboxes.forEach((mailbox: unknown, index) => {
    if (!isMapping(mailbox) || typeof mailbox.id !== 'string') return;
    const first = firstIndex.get(mailbox.id);
    if (first === undefined) {
      firstIndex.set(mailbox.id, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [index, 'id'],
      message: `duplicate id "${mailbox.id}", already used by mailboxes[${first}]`,
      params: { show: 'nothing' },
    });
  });
}
