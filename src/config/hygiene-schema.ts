import { z } from 'zod';
import { durationSchema, integerSchema } from './scalar-schemas.js';

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** More than `perSender` new tickets from one address (or `perDomain` from one domain) per `window` are held. */
const rateLimitSchema = z.strictObject({
  /** New tickets one address may open per window; 0 turns the limit off. 0-100000, default 20. */
  perSender: integerSchema(0, 100_000).default(20),
  /**
   * New tickets one sender domain may open per window; 0 (the default) turns it off: a shared
   * domain such as gmail.com would hold back unrelated customers. 0-100000.
   */
  perDomain: integerSchema(0, 100_000).default(0),
  /** The sliding window, at least 1m; milliseconds once parsed. Default `1h`. */
  window: durationSchema('1m').prefault('1h'),
});

/**
 * What happens to auto-replies, bounces, loops, spam and list mail (see `src/hygiene`). Nothing
 * is dropped: a mail that gets no ticket is kept as a filtered mail with its raw copy.
 */
export const hygieneSchema = z.strictObject({
  /**
   * An auto-reply (out of office, vacation) to an open ticket: `note` adds it as an internal note,
   * `filter` keeps it back. It never opens a ticket and never reopens a closed one. Default
   * `filter`: a storm of out-of-office replies on one ticket would bury it in notes.
   */
  autoReplies: z.enum(['note', 'filter']).default('filter'),
  /**
   * A bounce whose report names the ticket it came from: `note` adds it there as an internal
   * note, `filter` keeps it back. A bounce naming no ticket is always filtered. Default `note`.
   */
  bounces: z.enum(['note', 'filter']).default('note'),
  /** Mail marked as spam: `filter` or `deliver`. Default `filter`. */
  spam: z.enum(['filter', 'deliver']).default('filter'),
  /** Mailing-list and bulk mail (`List-Id`, `Precedence: bulk`): `filter` or `deliver`. Default `filter`. */
  bulk: z.enum(['filter', 'deliver']).default('filter'),
  /**
   * Exchange's spam confidence level (`X-MS-Exchange-Organization-SCL`, -1 to 9) from which a
   * mail counts as spam. 0-9, default 5.
   */
  spamScl: integerSchema(0, 9).default(5),
  /**
   * Addresses whose mail is the helpdesk's own coming back: its sending and notification
   * addresses. Each mailbox's own address (its username, when that is an address) is added.
   * Default none.
   */
  ownAddresses: z
    .array(z.string().regex(ADDRESS, { error: 'must be a mail address (support@example.com)' }))
    .default([])
    .transform((addresses) => addresses.map((address) => address.toLowerCase())),
  /** The per-sender limit on new tickets. Default 20 per address per hour. */
  rateLimit: rateLimitSchema.prefault({}),
  /** Days a filtered mail is kept with its raw copy, for `popdesk filtered`. 1-3650, default 30. */
  retentionDays: integerSchema(1, 3650).default(30),
});

/** The hygiene section, validated. */
export type HygieneConfig = z.output<typeof hygieneSchema>;
