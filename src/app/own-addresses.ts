import type { PopdeskConfig } from '../config/index.js';

/** A mailbox username of this shape is the mailbox's own address (`support@example.com`). */
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The lower-cased addresses whose mail is the helpdesk's own coming back (a loop):
 * `hygiene.ownAddresses` and every mailbox username that is an address. The worker and
 * `poll-once --dry-run` classify with the same set.
 */
export function ownAddresses(config: PopdeskConfig): ReadonlySet<string> {
  return new Set([
    ...config.hygiene.ownAddresses,
    ...config.mailboxes.flatMap((mailbox) =>
      ADDRESS.test(mailbox.username) ? [mailbox.username.toLowerCase()] : [],
    ),
  ]);
}
