import { z } from 'zod';
import { durationSchema } from '../scalar-schemas.js';
import { httpUrlSchema } from './http-url-schema.js';

/** A header value: a line break would inject another header. */
const SINGLE_LINE = /^[^\r\n\0]*$/;

/** A priority name as Zammad lists them (`GET /api/v1/ticket_priorities`). */
const priorityName = (fallback: string) =>
  z.string().min(1, { error: 'must not be empty' }).default(fallback);

/**
 * Creates Zammad tickets through its REST API (docs/helpdesks/zammad.md), authenticated with an
 * agent's access token.
 */
export const zammadHelpdeskSchema = z.strictObject({
  type: z.literal('zammad'),
  /** Base URL of the Zammad instance, e.g. `https://zammad.example.com`. Required. */
  url: httpUrlSchema(),
  /** The access token (Profile > Token Access). Required, or `tokenFile`. */
  token: z
    .string({ error: (issue) => (issue.input === undefined ? 'required (or set tokenFile)' : undefined) })
    .min(1, { error: 'must not be empty' })
    .regex(SINGLE_LINE, { error: 'must not contain line breaks' }),
  /** Path of a file holding `token` (trailing line break removed), read at start-up. */
  tokenFile: z.string().min(1).optional(),
  /** Group name for tickets whose route names none. Required. */
  defaultGroup: z.string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) }).min(1),
  /** Customer for a mail without a usable From address. Default none: a mail with no From is refused. */
  customerFallback: z.email({ error: 'must be an email address' }).optional(),
  /** Zammad's `ticket_hook` setting, which subjects carry before the number. Default `Ticket#`. */
  ticketHook: z.string().min(1).default('Ticket#'),
  /** Zammad's `ticket_hook_divider` setting. Default empty. */
  ticketHookDivider: z.string().default(''),
  /** Route priority to Zammad priority name. Defaults: Zammad's `1 low`, `2 normal`, `3 high`, `3 high`. */
  priorities: z
    .strictObject({
      low: priorityName('1 low'),
      normal: priorityName('2 normal'),
      high: priorityName('3 high'),
      urgent: priorityName('3 high'),
    })
    .prefault({}),
  /** State names that count as closed for replies. Default `[closed]`. */
  closedStates: z.array(z.string().min(1)).min(1).default(['closed']),
  /** How long one request may take, at least 1s; milliseconds once parsed. Default `30s`. */
  timeout: durationSchema('1s').prefault('30s'),
});

/** The Zammad helpdesk, validated and with defaults filled. */
export type ZammadHelpdeskConfig = z.output<typeof zammadHelpdeskSchema>;
