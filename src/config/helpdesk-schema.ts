import { z } from 'zod';
import { freshdeskHelpdeskSchema } from './helpdesks/freshdesk-helpdesk-schema.js';
import { httpUrlSchema } from './helpdesks/http-url-schema.js';
import { osTicketHelpdeskSchema } from './helpdesks/osticket-helpdesk-schema.js';
import { rtHelpdeskSchema } from './helpdesks/rt-helpdesk-schema.js';
import { zammadHelpdeskSchema } from './helpdesks/zammad-helpdesk-schema.js';
import { zendeskHelpdeskSchema } from './helpdesks/zendesk-helpdesk-schema.js';
import { durationSchema } from './scalar-schemas.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Posts each mail as JSON to a URL of your own, signed with HMAC-SHA256 of the body keyed by
 * `secret` so the receiver can check it came from popdesk.
 */
export const webhookHelpdeskSchema = z.strictObject({
  type: z.literal('webhook'),
  /** Where to POST, an http:// or https:// URL. Required. */
  url: httpUrlSchema(),
  /** HMAC key for the signature header, at least 16 characters. Required, or `secretFile`. */
  secret: z
    .string({ error: (issue) => (issue.input === undefined ? 'required (or set secretFile)' : undefined) })
    .min(16, { error: 'must be at least 16 characters' }),
  /** Path of a file holding `secret` (trailing line break removed), read at start-up. */
  secretFile: z.string().min(1).optional(),
  /** How long one request may take, at least 1s; milliseconds once parsed. Default `30s`. */
  timeout: durationSchema('1s').prefault('30s'),
  /** Extra HTTP headers sent with every request, name to value. Default none. */
  headers: z
    .record(
      z.string().regex(HEADER_NAME, { error: 'is not a valid HTTP header name' }),
      z.string().regex(/^[^\r\n\0]*$/, { error: 'must not contain line breaks' }),
    )
    .default({}),
});

// Each helpdesk system is one more member here, told apart by `type`.
const helpdeskMembers = [
  webhookHelpdeskSchema,
  rtHelpdeskSchema,
  zammadHelpdeskSchema,
  osTicketHelpdeskSchema,
  freshdeskHelpdeskSchema,
  zendeskHelpdeskSchema,
] as const;

/** The helpdesk that receives the mail, chosen by `type`. */
export const helpdeskSchema = z.discriminatedUnion('type', helpdeskMembers);

/** The webhook helpdesk, validated and with defaults filled. */
export type WebhookHelpdeskConfig = z.output<typeof webhookHelpdeskSchema>;
/** Any helpdesk; switch on `type`. */
export type HelpdeskConfig = z.output<typeof helpdeskSchema>;
