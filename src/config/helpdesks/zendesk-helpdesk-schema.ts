import { z } from 'zod';
import { always, durationSchema, sizeSchema } from '../scalar-schemas.js';
import { requireAccountOrUrl } from './account-or-url.js';
import { httpUrlSchema } from './http-url-schema.js';
import { subjectPatternSchema } from './subject-pattern-schema.js';

/** The `acme` of `acme.zendesk.com`. */
const ZENDESK_SUBDOMAIN = /^[a-z0-9][a-z0-9-]*$/i;

/**
 * Zendesk Support: each mail becomes a ticket, each reply a public comment by the sender, a
 * reply to a closed ticket a follow-up. See docs/helpdesks/zendesk.md.
 */
export const zendeskHelpdeskSchema = z
  .strictObject({
    type: z.literal('zendesk'),
    /** The account: `acme` for acme.zendesk.com. Required, or `url`. */
    subdomain: z
      .string()
      .regex(ZENDESK_SUBDOMAIN, { error: 'must be the subdomain only, like acme' })
      .optional(),
    /** Full base URL instead of `subdomain` (a host-mapped or proxied account): `https://acme.zendesk.com`. */
    url: httpUrlSchema().optional(),
    /** The agent the API token acts as. Required. */
    email: z
      .string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) })
      .regex(/^[^\s@/:]+@[^\s@/:]+$/, { error: 'must be an email address' }),
    /** An API token. Required; better set by POPDESK_HELPDESK_API_TOKEN or its _FILE form. */
    apiToken: z
      .string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) })
      .min(1)
      .regex(/^\S+$/, { error: 'must not contain spaces' }),
    /** Path of a file holding `apiToken` (trailing line break removed), read at start-up. */
    apiTokenFile: z.string().min(1).optional(),
    /** Group id for tickets whose route names none. Default: Zendesk's own routing. */
    defaultGroupId: z.number().int().positive().optional(),
    /** Subject tag naming a ticket; the first capture group is the id. Default none (Zendesk has no standard tag). */
    subjectPattern: subjectPatternSchema().optional(),
    /** Largest single file uploaded; bytes once parsed. Default `50MiB`. */
    maxAttachmentSize: sizeSchema('1KB').prefault('50MiB'),
    /** How long one request may take, at least 1s; milliseconds once parsed. Default `30s`. */
    timeout: durationSchema('1s').prefault('30s'),
  })
  .superRefine(requireAccountOrUrl('subdomain'), { when: always });

/** The Zendesk helpdesk, validated and with defaults filled. */
export type ZendeskHelpdeskConfig = z.output<typeof zendeskHelpdeskSchema>;
