import { z } from 'zod';
import { booleanSchema } from './scalar-schemas.js';

const oneOrMany = (item: z.ZodString) =>
  z.union([item, z.array(item).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

const ADDRESS_OR_DOMAIN = /^([^\s@]+@[^\s@]+\.[^\s@]+|@[^\s@]+\.[^\s@]+)$/;
const addressOrDomain = z.string().regex(ADDRESS_OR_DOMAIN, {
  error: 'must be an address (sales@example.com) or a domain (@example.com)',
});

/** Where a ticket goes and how it is marked. */
const routeSchema = z.strictObject({
  /** RT queue, Zammad group, osTicket topic id, Freshdesk/Zendesk group id. Default: the helpdesk's own default. */
  target: z.string().min(1).optional(),
  /** low, normal, high or urgent. Default: the helpdesk's default. */
  priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  /** Tags or labels, where the helpdesk has them. Default none. */
  tags: z.array(z.string().min(1)).default([]),
});

/** When a rule applies: every condition given must hold; any entry of a list may match. */
const matchSchema = z.strictObject({
  /** Mailbox id(s) the mail came from. */
  mailbox: oneOrMany(z.string().min(1)).optional(),
  /** Recipient address(es) or @domain(s), compared with To, Cc and Delivered-To. */
  to: oneOrMany(addressOrDomain).optional(),
  /** Sender address(es) or @domain(s); a domain also covers its subdomains. */
  from: oneOrMany(addressOrDomain).optional(),
  /** Regular expression (JavaScript syntax) the subject must match, case-insensitively. */
  subject: z
    .string()
    .min(1)
    .transform((source, ctx) => {
      try {
        return new RegExp(source, 'i');
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
        });
        return z.NEVER;
      }
    })
    .optional(),
});

const ruleSchema = z.strictObject({
  /** A name for the logs. Default: `rule-<n>`. */
  name: z.string().min(1).optional(),
  /** Conditions; an empty match applies to every mail. */
  match: matchSchema.prefault({}),
  /** Where matching mail goes. Required. */
  route: routeSchema,
});

/** Routing rules: the first matching rule decides where a new ticket goes, else `default`. */
export const routingSchema = z
  .strictObject({
    /** Tried in order; the first match wins. Default none. */
    rules: z.array(ruleSchema).default([]),
    /** The route when no rule matches. Default: the helpdesk's own defaults, no tags. */
    default: routeSchema.prefault({}),
  })
  .transform((routing) => ({
    ...routing,
    rules: routing.rules.map((rule, index) => ({ ...rule, name: rule.name ?? `rule-${index + 1}` })),
  }));

/** How replies are tied to the tickets they answer. */
export const threadingSchema = z.strictObject({
  /**
   * Whose reply may join an existing ticket: `participants` (someone already on that ticket,
   * as far as popdesk knows), `domain` (also their colleagues at the same domain), `any`.
   * A mail that fails the check opens a new ticket instead. Default `participants`.
   */
  trust: z.enum(['participants', 'domain', 'any']).default('participants'),
  /** A reply to a closed ticket: `reopen` it, or open a `new-ticket`. Default `reopen`. */
  closedTickets: z.enum(['reopen', 'new-ticket']).default('reopen'),
  /**
   * A reply added to an existing ticket shows only what its writer typed: quoted history and
   * sign-off cut, the untouched bodies attached as `original.txt`/`original.html`. Default `true`.
   */
  stripQuotes: booleanSchema().default(true),
});

/** The routing section, validated: subjects compiled, rules named. */
export type RoutingConfig = z.output<typeof routingSchema>;
/** The threading section, validated. */
export type ThreadingConfig = z.output<typeof threadingSchema>;
