import type { HeaderBlock } from '../header/header-block.js';

/** Header fields at least one of which every real mail has; random bytes or a text file have none. */
const MAIL_HEADERS = new Set([
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'received',
  'return-path',
  'delivered-to',
  'mime-version',
  'content-type',
  'sender',
  'reply-to',
]);

/**
 * Says what is wrong with a message the MIME parser may still accept without complaint, but whose
 * content cannot be trusted to be complete: no bytes at all, no mail header, or a multipart body
 * without its closing boundary (a truncated download, a broken mailer). Undefined when nothing is.
 */
export function findMimeDamage(raw: Buffer, block: HeaderBlock): string | undefined {
  if (raw.length === 0) return 'the message is empty';
  if (!block.fields.some((field) => MAIL_HEADERS.has(field.name))) return 'no mail header found';
  const contentType =
    block.fields.find((field) => field.name === 'content-type')?.value.toString('latin1') ?? '';
  if (!/^\s*multipart\//i.test(contentType)) return undefined;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) return 'multipart body without a boundary';
  const closing = Buffer.from(`--${boundary.trimEnd()}--`, 'latin1');
  return raw.indexOf(closing, block.bodyOffset) === -1
    ? 'multipart body without its closing boundary (truncated?)'
    : undefined;
}
