import { logExpectedFailure } from '../observability/log-failure.js';
import type { Pop3CommandError } from '../pop3/index.js';
import { mailRef } from '../queue/mail-ref.js';
import { headDeadLetter } from './head-dead-letter.js';
import type { ListedMessage } from './plan-listing.js';
import type { Cycle } from './poll-cycle.js';
import { topHeaders } from './top-headers.js';

/** Polls in a row that may refuse RETR of one message before it becomes a dead letter. */
export const MAX_RETR_REFUSALS = 3;

/**
 * The server answered RETR with -ERR. Once is usually another client having deleted the
 * message since LIST: it is left for the next poll. A message refused {@link MAX_RETR_REFUSALS}
 * polls in a row (a damaged message file) would otherwise be retried forever with nobody told:
 * it becomes an `unfetchable` dead letter with whatever headers TOP gives, stays on the server
 * (popdesk never deletes a mail it has not read) and is not tried again.
 */
export async function refusedRetrieval(
  cycle: Cycle,
  message: ListedMessage,
  error: Pop3CommandError,
): Promise<void> {
  const { settings, deps, logger, report } = cycle;
  const { uidl, size } = message;
  const refusals = await deps.intake.refused(settings.id, uidl, size);
  if (refusals < MAX_RETR_REFUSALS) {
    logExpectedFailure(
      logger,
      'warn',
      { uidl, refusals },
      error,
      'the server would not hand over a message; it is left for the next poll',
    );
    return;
  }
  const head = await topHeaders(cycle, message);
  const ref = mailRef(settings.id, uidl, `unfetchable ${size}`);
  await deps.deadLetters.add(
    headDeadLetter(cycle, head, {
      ref,
      reason: 'unfetchable',
      detail: `the server refused RETR in ${refusals} polls in a row (last: "${error.serverText}"); the mail is left on the server and not tried again, ${
        head.length > 0 ? 'only its headers are kept' : 'no headers are kept'
      }`,
      attempts: refusals,
    }),
  );
  await deps.intake.markUnfetchable(settings.id, uidl, size);
  report.deadLetters.push(ref);
  logger.error({ uidl, ref, refusals }, 'the server keeps refusing a message: dead letter written');
}
