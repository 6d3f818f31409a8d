import { logExpectedFailure } from '../observability/log-failure.js';
import { Pop3CommandError } from '../pop3/index.js';
import type { ListedMessage } from './plan-listing.js';
import type { Cycle } from './poll-cycle.js';

/**
 * A message's headers by `TOP n 0`, for a dead letter of a mail that cannot be fetched whole;
 * empty when the server has no TOP (RFC 1939 makes it optional) or refuses it for this mail.
 */
export async function topHeaders({ client, logger }: Cycle, message: ListedMessage): Promise<Buffer> {
  // A server without CAPA may still have TOP; a -ERR answers the question.
  const { top, entries } = client.capabilities;
  if (!top && entries.size > 0) return Buffer.alloc(0);
  try {
    return await client.top(message.number, 0, { maxBytes: 1024 * 1024 });
  } catch (error) {
    if (!(error instanceof Pop3CommandError)) throw error;
    logExpectedFailure(
      logger,
      'warn',
      { uidl: message.uidl },
      error,
      'the server refused TOP; the dead letter has no headers',
    );
    return Buffer.alloc(0);
  }
}
