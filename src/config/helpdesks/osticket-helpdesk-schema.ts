import { z } from 'zod';
import { durationSchema, integerSchema, sizeSchema } from '../scalar-schemas.js';
import { httpUrlSchema } from './http-url-schema.js';

/** A header value: a line break would inject another header. */
const SINGLE_LINE = /^[^\r\n\0]*$/;

/** osTicket ids are MySQL `int unsigned`; anything larger is a typo. */
const MAX_ID = 2 ** 31 - 1;

const priorityId = (fallback: number) => integerSchema(1, MAX_ID).default(fallback);

/**
 * Creates osTicket tickets through its HTTP API (docs/helpdesks/osticket.md) with an API key,
 * either by piping the raw mail (`raw-mail`, the default: osTicket threads replies itself) or as
 * JSON (`json`).
 */
export const osTicketHelpdeskSchema = z.strictObject({
  type: z.literal('osticket'),
  /**
   * The API base URL, e.g. `https://help.example.com/api` (`.../api/http.php` where URL rewriting
   * is off); `tickets.email` or `tickets.json` is appended. Required.
   */
  url: httpUrlSchema(),
  /** The API key (Admin Panel > Manage > API Keys). Required, or `apiKeyFile`. */
  apiKey: z
    .string({ error: (issue) => (issue.input === undefined ? 'required (or set apiKeyFile)' : undefined) })
    .min(1, { error: 'must not be empty' })
    .regex(SINGLE_LINE, { error: 'must not contain line breaks' }),
  /** Path of a file holding `apiKey` (trailing line break removed), read at start-up. */
  apiKeyFile: z.string().min(1).optional(),
  /** `raw-mail` posts the mail itself to `tickets.email`; `json` posts fields to `tickets.json`. Default `raw-mail`. */
  mode: z.enum(['raw-mail', 'json'], { error: 'must be raw-mail or json' }).default('raw-mail'),
  /** Help topic id for routes that name none (`json` mode). Default none: osTicket's default topic. */
  topicId: integerSchema(1, MAX_ID).optional(),
  /** Route priority to osTicket priority id (`json` mode). Defaults: 1 Low, 2 Normal, 3 High, 4 Emergency. */
  priorities: z
    .strictObject({
      low: priorityId(1),
      normal: priorityId(2),
      high: priorityId(3),
      urgent: priorityId(4),
    })
    .prefault({}),
  /**
   * osTicket's _Maximum File Size_ (Admin Panel → Settings → System; the Ticket Details form's
   * message field may set a smaller one). osTicket's JSON API drops a bigger attachment and still
   * answers 201, so in `json` mode a mail holding one goes through `tickets.email` instead, whose
   * mail parser keeps it. Bytes once parsed. Default `1MiB`.
   */
  maxFileSize: sizeSchema('1KiB').prefault('1MiB'),
  /** How long one request may take, at least 1s; milliseconds once parsed. Default `30s`. */
  timeout: durationSchema('1s').prefault('30s'),
});

/** The osTicket helpdesk, validated and with defaults filled. */
export type OsTicketHelpdeskConfig = z.output<typeof osTicketHelpdeskSchema>;
