import { z } from 'zod';
import { always, durationSchema, sizeSchema } from '../scalar-schemas.js';
import { requireAccountOrUrl } from './account-or-url.js';
import { httpUrlSchema } from './http-url-schema.js';
import { subjectPatternSchema } from './subject-pattern-schema.js';

/** `acme` or `acme.freshdesk.com`: Freshdesk's API answers only on its own domains, not on a CNAME. */
const FRESHDESK_DOMAIN = /^[a-z0-9][a-z0-9-]*(\.freshdesk\.com)?$/i;

/**
 * Freshdesk (API v2): each mail becomes an email ticket, each reply a public incoming note.
 * See docs/helpdesks/freshdesk.md.
 */
export const freshdeskHelpdeskSchema = z
  .strictObject({
    type: z.literal('freshdesk'),
    /** The account: `acme` or `acme.freshdesk.com`. Required, or `url`. */
    domain: z
      .string()
      .regex(FRESHDESK_DOMAIN, { error: 'must be like acme or acme.freshdesk.com' })
      .optional(),
    /** Full base URL instead of `domain`, e.g. for a proxy: `https://acme.freshdesk.com`. */
    url: httpUrlSchema().optional(),
    /** An agent's API key. Required; better set by POPDESK_HELPDESK_API_KEY or its _FILE form. */
    apiKey: z
      .string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) })
      .min(1)
      .regex(/^[^\s:]+$/, { error: 'must not contain spaces or colons' }),
    /** Path of a file holding `apiKey` (trailing line break removed), read at start-up. */
    apiKeyFile: z.string().min(1).optional(),
    /** Group id for tickets whose route names none. Default: Freshdesk's own assignment rules. */
    defaultGroupId: z.number().int().positive().optional(),
    /**
     * API name of a single-line text ticket field (`cf_...`) that stores each mail's Message-ID,
     * so a retried mail finds its ticket. Default none.
     */
    messageIdField: z
      .string()
      .regex(/^cf_\w+$/, { error: 'must be the API name of a custom field, starting with cf_' })
      .optional(),
    /** Subject tag naming a ticket; the first capture group is the id. Default `\[#(\d+)\]`. */
    subjectPattern: subjectPatternSchema().optional(),
    /** Total size of the files of one ticket or note; bytes once parsed. Default `20MB`, Freshdesk's cap. */
    maxAttachmentSize: sizeSchema('1KB').prefault('20MB'),
    /** How long one request may take, at least 1s; milliseconds once parsed. Default `30s`. */
    timeout: durationSchema('1s').prefault('30s'),
  })
  .superRefine(requireAccountOrUrl('domain'), { when: always });

/** The Freshdesk helpdesk, validated and with defaults filled. */
export type FreshdeskHelpdeskConfig = z.output<typeof freshdeskHelpdeskSchema>;
