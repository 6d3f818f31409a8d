import { z } from 'zod';
import { isMapping } from '../config-tree.js';
import { always, durationSchema } from '../scalar-schemas.js';
import { httpUrlSchema } from './http-url-schema.js';

/** A custom field name that reads the same inside TicketSQL's `'CF.{...}'`. */
const fieldName = z
  .string()
  .min(1)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  .regex(/^[^{}\u0000-\u001f\u007f]+$/, { error: 'must not contain braces or control characters' });

/** An RT priority: RT stores whole numbers. */
const priority = (fallback: number) => z.number().int({ error: 'must be a whole number' }).default(fallback);

/** A header value: a line break would inject another header. */
const SINGLE_LINE = /^[^\r\n\0]*$/;

/**
 * Request Tracker 5 through its REST2 API (see docs/helpdesks/rt.md). Log in with `token` (an RT
 * auth token) or with `username` and `password`.
 */
export const rtHelpdeskSchema = z
  .strictObject({
    type: z.literal('rt'),
    /** RT's base URL, with its WebPath if any (`https://example.com/rt`); REST2 is at `<url>/REST/2.0`. Required. */
    url: httpUrlSchema()
      .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), {
        error: 'must not contain a user or password: use token or username/password',
      })
      .refine((url) => !/[?#]/.test(url), { error: 'must not have a query or fragment' }),
    /** An RT auth token (Settings > Auth Tokens), sent as `Authorization: token ...`. */
    token: z.string().min(1).regex(SINGLE_LINE, { error: 'must not contain line breaks' }).optional(),
    /** Path of a file holding `token` (trailing line break removed), read at start-up. */
    tokenFile: z.string().min(1).optional(),
    /** RT user name, with `password`, for HTTP Basic authentication instead of a token. */
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** Path of a file holding `password`, read at start-up. */
    passwordFile: z.string().min(1).optional(),
    /** RT's `$rtname`, as in subject tags `[rtname #123]`. Required. */
    rtname: z
      .string({ error: (issue) => (issue.input === undefined ? "required: RT's $rtname" : undefined) })
      .min(1),
    /** Queue (name or id) for mails whose route names none. Default `General`. */
    defaultQueue: z.string().min(1).default('General'),
    /** Ticket custom field that holds the Message-ID of the mail that opened a ticket. Default `Message-ID`. */
    messageIdField: fieldName.default('Message-ID'),
    /** Transaction custom field that holds a reply's Message-ID. Default: the same name as `messageIdField`. */
    replyMessageIdField: fieldName.optional(),
    /** Ticket custom field (multiple values) for routing tags. Default none: RT has no tags, they are dropped. */
    tagsField: fieldName.optional(),
    /** RT priority numbers for popdesk's priorities. Default RT 5's Low/Medium/High: 0, 50, 100, 100. */
    priorities: z
      .strictObject({ low: priority(0), normal: priority(50), high: priority(100), urgent: priority(100) })
      .prefault({}),
    /** Statuses after which a reply needs a reopen. Default `[resolved, rejected]`. */
    closedStatuses: z.array(z.string().min(1)).min(1).default(['resolved', 'rejected']),
    /** Status that reopens a ticket. Default `open`. */
    reopenStatus: z.string().min(1).default('open'),
    /** How long one request may take, at least 1s; milliseconds once parsed. Default `30s`. */
    timeout: durationSchema('1s').prefault('30s'),
  })
  .superRefine(requireOneLogin, { when: always });

/** The RT helpdesk, validated and with defaults filled. */
export type RtHelpdeskConfig = z.output<typeof rtHelpdeskSchema>;

// Runs even when other keys failed, so it checks the shape itself. A *File that could not be
// read has been reported already, and one that was read has filled its key.
function requireOneLogin(helpdesk: unknown, ctx: z.RefinementCtx): void {
  if (!isMapping(helpdesk)) return;
  const has = (key: string): boolean => helpdesk[key] !== undefined || helpdesk[`${key}File`] !== undefined;
  const token = has('token');
  const username = helpdesk.username !== undefined;
  const password = has('password');
  if (token && (username || password)) {
    ctx.addIssue({
      code: 'custom',
      path: ['token'],
      message: 'set either token or username/password, not both',
    });
  } else if (!token && !username && !password) {
    ctx.addIssue({ code: 'custom', path: ['token'], message: 'required (or set username and password)' });
  } else if (!token && !password) {
    ctx.addIssue({
      code: 'custom',
      path: ['password'],
      message: 'required with username (or set passwordFile)',
    });
  } else if (!token && !username) {
    ctx.addIssue({ code: 'custom', path: ['username'], message: 'required with password' });
  }
}
