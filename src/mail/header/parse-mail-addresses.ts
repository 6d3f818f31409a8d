import { parseAddressHeader } from 'mailparser';
import type { MailAddress } from '../inbound-mail.js';
import { encodedWordsToUtf8 } from './encoded-words.js';

/**
 * Parses an address header value (From, To, Cc, Reply-To) into addresses, lower-cased, with
 * decoded display names. Groups are flattened; entries without an address are dropped. The value
 * must already be a string (raw 8-bit bytes decoded); encoded words are normalised to UTF-8 first
 * so that mailparser's address parser never meets a charset it would decode differently.
 * Internationalised domains stay in their ASCII (punycode) form, the one every server accepts
 * when the helpdesk replies.
 */
export function parseMailAddresses(value: string): MailAddress[] {
  const parsed = parseAddressHeader(encodedWordsToUtf8(value), { flatten: true, decodePunycode: false });
  return parsed.value
    .filter((entry) => entry.address !== undefined && entry.address.trim() !== '')
    .map((entry) => ({ address: (entry.address ?? '').trim().toLowerCase(), name: entry.name.trim() }));
}
