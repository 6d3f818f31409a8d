import { decodeText } from '../charset/decode-text.js';
import type { MailAddress } from '../inbound-mail.js';
import { decodeEncodedWords } from './encoded-words.js';
import type { HeaderBlock, HeaderField } from './header-block.js';
import { parseMessageIds } from './message-ids.js';
import { parseMailAddresses } from './parse-mail-addresses.js';
import { parseMailDate } from './parse-mail-date.js';

/**
 * Headers kept verbatim (decoded) in `InboundMail.headers`, for routing and for the mail
 * classifier (src/hygiene/signals/*, where each one is explained).
 */
export const RECORDED_HEADERS = [
  'return-path',
  'delivered-to',
  'content-type',
  // auto-reply
  'auto-submitted',
  'precedence',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'x-ms-exchange-inbox-rules-loop',
  // bounce
  'x-failed-recipients',
  'x-ms-exchange-message-is-ndr',
  // bulk
  'list-id',
  'list-unsubscribe',
  // loop: markers of popdesk and of the helpdesks, and the helpdesks' mailer names
  'x-loop',
  'x-popdesk-loop',
  'x-rt-loop-prevention',
  'rt-ticket',
  'rt-originator',
  'x-mailer',
  'x-powered-by',
  // spam
  'x-spam-flag',
  'x-spam-status',
  'x-ms-exchange-organization-scl',
  'x-forefront-antispam-report',
] as const;

/**
 * Name prefixes of headers also kept in `InboundMail.headers`, each one by its own name: Zammad
 * marks its own mail with headers of varying names (`X-Zammad-Verify`, `X-Zammad-Ignore`, ...).
 */
export const RECORDED_HEADER_PREFIXES = ['x-zammad-'] as const;

/** At most this many headers are kept per prefix: a mail may carry thousands of them. */
export const MAX_HEADERS_PER_PREFIX = 20;

/** What the top-level header says, decoded. */
export interface MailHeaders {
  /** The first Message-ID, without angle brackets; undefined when missing or unusable. */
  readonly messageId: string | undefined;
  readonly inReplyTo: readonly string[];
  readonly references: readonly string[];
  readonly from: MailAddress | undefined;
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly date: Date | undefined;
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Decodes the header fields popdesk uses. Every value goes through the same charset fallback
 * (raw 8-bit bytes, then encoded words), so a Latin-1 Subject written without encoded words reads
 * correctly; what needed a fallback is added to `problems`.
 */
export function readMailHeaders(block: HeaderBlock, problems: string[]): MailHeaders {
  // Grouped once: filtering every field for every name read is slow over a header of 300k fields.
  const byName = new Map<string, HeaderField[]>();
  for (const field of block.fields) {
    const named = byName.get(field.name);
    if (named === undefined) byName.set(field.name, [field]);
    else named.push(field);
  }
  const all = (name: string): HeaderField[] => byName.get(name) ?? [];
  const text = (field: HeaderField): string => {
    const raw = decodeText(field.value, undefined);
    const decoded = decodeEncodedWords(raw.text);
    for (const problem of [raw.problem, decoded.problem]) {
      if (problem !== undefined) problems.push(`${field.name} header: ${problem}`);
    }
    return decoded.text;
  };
  // Address and id headers are parsed from the value with its encoded words still in place:
  // a decoded display name may contain the commas and brackets the parser splits on.
  const raw = (field: HeaderField): string => {
    const decoded = decodeText(field.value, undefined);
    if (decoded.problem !== undefined) problems.push(`${field.name} header: ${decoded.problem}`);
    return decoded.text;
  };
  const first = (name: string): HeaderField | undefined => all(name)[0];
  const addresses = (name: string): MailAddress[] =>
    all(name).flatMap((field) => parseMailAddresses(raw(field)));
  const ids = (name: string): string[] => [
    ...new Set(all(name).flatMap((field) => parseMessageIds(raw(field)))),
  ];

  const messageIdField = first('message-id');
  const messageId = messageIdField ? parseMessageIds(raw(messageIdField))[0] : undefined;
  if (messageIdField && messageId === undefined) problems.push('message-id header: no usable id in it');
  const dateField = first('date');
  const subjectField = first('subject');

  const headers: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const field = first(name);
    if (field) headers[name] = text(field);
  }
  for (const prefix of RECORDED_HEADER_PREFIXES) {
    const names = [...byName.keys()].filter((name) => name.startsWith(prefix));
    for (const name of names.slice(0, MAX_HEADERS_PER_PREFIX)) {
      const field = first(name);
      if (field) headers[name] = text(field);
    }
  }
  return {
    messageId,
    inReplyTo: ids('in-reply-to'),
    references: ids('references'),
    from: addresses('from')[0],
    replyTo: addresses('reply-to'),
    to: addresses('to'),
    cc: addresses('cc'),
    date: dateField ? parseMailDate(raw(dateField)) : undefined,
    subject: subjectField ? text(subjectField) : '',
    headers,
  };
}
