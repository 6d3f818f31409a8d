import { Pop3CommandError, Pop3MessageTooLargeError } from '../pop3/index.js';
import { headerDigest } from '../queue/header-digest.js';
import type { ListedMessage } from './plan-listing.js';
import type { Cycle } from './poll-cycle.js';

/**
 * Whether the message now listed under a UIDL has the headers recorded for that UIDL earlier
 * (`TOP n 0` against the stored digest): one cheap round trip before a DELE, so a UIDL the
 * server reused is never deleted unread. False when it cannot be told (no TOP, or no digest).
 */
export async function sameHeaders(
  { client }: Cycle,
  message: ListedMessage,
  recorded: string | undefined,
): Promise<boolean> {
  if (recorded === undefined || !client.capabilities.top) return false;
  try {
    const head = await client.top(message.number, 0, { maxBytes: 1024 * 1024 });
    return headerDigest(head) === recorded;
  } catch (error) {
    if (error instanceof Pop3CommandError || error instanceof Pop3MessageTooLargeError) return false;
    throw error;
  }
}
