import type { Pop3MessageTooLargeError } from '../pop3/index.js';
import { headerDigest } from '../queue/header-digest.js';
import { mailRef } from '../queue/mail-ref.js';
import { headDeadLetter } from './head-dead-letter.js';
import type { ListedMessage } from './plan-listing.js';
import { type Cycle, dele } from './poll-cycle.js';
import { topHeaders } from './top-headers.js';

/**
 * Turns a mail over `maxMessageBytes` into a `too-large` dead letter and remembers its UIDL (with
 * the LIST size) so later polls do not try again. `overflow` is the error of a RETR that crossed
 * the ceiling mid-stream (LIST had understated the size): its `head` holds the headers. Without
 * it (LIST already said too large) the headers come from `TOP n 0`; a server without TOP, or one
 * that refuses it, still gets a dead letter, without headers, rather than a mailbox stuck on it.
 * With `oversize: delete` the mail is marked for deletion when the session still stands; when
 * it does not, the next poll sends the DELE (it finds the UIDL recorded as too large).
 */
export async function deadLetterTooLarge(
  cycle: Cycle,
  message: ListedMessage,
  overflow: Pop3MessageTooLargeError | undefined,
): Promise<void> {
  const { client, settings, deps, logger, report } = cycle;
  const { uidl, size } = message;
  const head = overflow?.head ?? (await topHeaders(cycle, message));
  // The headers tell apart two oversize mails a server listed under one UIDL and size.
  const ref = mailRef(settings.id, uidl, `too-large ${size} ${head.length > 0 ? headerDigest(head) : ''}`);
  const deleting = settings.mode === 'delete' && settings.oversize === 'delete';
  const measured =
    overflow !== undefined
      ? `the mail grew past maxMessageBytes (${settings.maxMessageBytes}) while it was fetched (LIST said ${size} bytes)`
      : `the mail is ${size} bytes, over maxMessageBytes (${settings.maxMessageBytes})`;
  const kept =
    head.length === 0
      ? 'no headers are kept: the server offers no TOP'
      : overflow !== undefined
        ? `only its first ${head.length} bytes are kept`
        : 'only its headers are kept';
  const letter = headDeadLetter(cycle, head, {
    ref,
    reason: 'too-large',
    detail: `${measured}; ${deleting ? 'it is deleted from the server' : 'it was left on the server'}, ${kept}`,
    attempts: 0,
  });
  await deps.deadLetters.add(letter);
  await deps.intake.markTooLarge(settings.id, uidl, size, head);
  // Recorded, so a session the overflow took down is no reason to fail the poll: open the next.
  if (overflow !== undefined && !client.usable) cycle.sessionLost = true;
  report.deadLetters.push(ref);
  logger.error(
    { uidl, ref, messageId: letter.messageId, size },
    'mail too large to fetch: dead letter written',
  );
  if (deleting && client.usable) await dele(cycle, message);
}
