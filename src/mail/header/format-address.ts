import type { MailAddress } from '../inbound-mail.js';

/**
 * When a display name is quoted: `always`, or only `when-needed`, when it holds anything beyond
 * letters, digits, atom characters, dots and spaces.
 */
export type AddressQuoting = 'always' | 'when-needed';

const UNQUOTED_NAME = /^[\p{L}\p{N}!#$%&'*+\-/=?^_`{|}~. ]+$/u;

/**
 * `Name <address>` for a header-like field of a helpdesk, the bare address when there is no name.
 * Line breaks and other control characters in the name become spaces, so a hostile display name
 * cannot add a header line; quotes and backslashes in a quoted name are escaped. Pure.
 */
export function formatAddress(entry: MailAddress, quoting: AddressQuoting): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and controls would break the address
  const name = entry.name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (name === '') return entry.address;
  if (quoting === 'when-needed' && UNQUOTED_NAME.test(name)) return `${name} <${entry.address}>`;
  return `"${name.replace(/[\\"]/g, '\\$&')}" <${entry.address}>`;
}
