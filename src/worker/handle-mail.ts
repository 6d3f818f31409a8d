import { decideHygiene, type HygienePolicy } from '../hygiene/decide-hygiene.js';
import type { MailClassification } from '../hygiene/mail-classification.js';
import type { InboundMail } from '../mail/index.js';
import { deliveredKind } from '../observability/metrics/delivered-kind.js';
import { NO_PIPELINE_METRICS } from '../observability/metrics/pipeline-metrics.js';
import type { MailJobData } from '../queue/jobs/mail-job.js';
import { type DeliveryDeps, type DeliveryResult, deliverMail } from './deliver-mail.js';
import { deliverNote, type NoteResult } from './deliver-note.js';
import { type FilterMailDeps, filterMail } from './filter-mail.js';

/** What handling one parsed mail needs: delivery, filtering, and the hygiene policy. */
export interface HandleMailDeps extends DeliveryDeps, FilterMailDeps {
  /** Classifies a mail (`classifyMail` with the configured own addresses and spam threshold). */
  readonly classify: (mail: InboundMail) => MailClassification;
  /** Config `hygiene`: what happens to each class. */
  readonly hygiene: HygienePolicy;
}

/** What became of one parsed mail, once recorded. */
export interface HandledMail {
  readonly outcome: DeliveryResult['outcome'] | NoteResult['outcome'];
  /** The ticket it became or joined; none when it was filtered. */
  readonly ticketId?: string;
}

/**
 * Classifies a parsed mail and ends it as the hygiene policy says (see `decideHygiene`): a
 * ticket or a reply ({@link deliverMail}), an internal note on its ticket ({@link deliverNote}),
 * or a filtered mail ({@link filterMail}). A ticket, reply or note is recorded in the ledger;
 * only mail delivered as a person's adds its senders to the ticket's people, so a MAILER-DAEMON
 * or an auto-responder never becomes someone who may reply into it.
 */
export async function handleMail(
  deps: HandleMailDeps,
  mail: InboundMail,
  raw: Buffer,
  data: MailJobData,
  lockLost?: AbortSignal,
  retried = false,
): Promise<HandledMail> {
  const classification = deps.classify(mail);
  const step = decideHygiene(classification, deps.hygiene, {
    requeued: data.requeued,
    adapterNotes: deps.adapter.addNote !== undefined,
    adapterName: deps.adapter.name,
  });
  const options = { classification, retried, ...(lockLost !== undefined ? { lockLost } : {}) };
  const result: DeliveryResult | NoteResult =
    step.action === 'filter'
      ? { outcome: 'filtered', filter: step }
      : step.action === 'note'
        ? await deliverNote(deps, step.kind, mail, raw, data, options)
        : await deliverMail(deps, mail, raw, data, options);
  if (result.outcome === 'filtered') {
    await filterMail(deps, data, mail, raw, classification, result.filter);
    return { outcome: 'filtered' };
  }
  const people = result.outcome === 'noted' ? [] : participantsOf(mail);
  // Also ends any dead letter of this mail, in the same transaction.
  await deps.ledger.record(data.ref, mail.messageId, result.ticketId, people);
  (deps.metrics ?? NO_PIPELINE_METRICS).delivered(
    deliveredKind(result.outcome),
    ageSeconds(data.fetchedAt, deps.now()),
  );
  deps.logger.info(
    {
      ticketId: result.ticketId,
      outcome: result.outcome,
      class: classification.class,
      helpdesk: deps.adapter.name,
    },
    LOG_LINE[result.outcome],
  );
  return result;
}

const LOG_LINE: Record<Exclude<HandledMail['outcome'], 'filtered'>, string> = {
  created: 'ticket created',
  replied: 'reply added to ticket',
  found: 'ticket created',
  noted: 'note added to ticket',
};

/** Seconds since popdesk took the mail in (the job's `fetchedAt`); 0 when that is unreadable. */
function ageSeconds(fetchedAt: string, now: Date): number {
  const age = (now.getTime() - Date.parse(fetchedAt)) / 1000;
  return Number.isFinite(age) ? age : 0;
}

/** Everyone on the mail, who may later reply into its ticket. */
function participantsOf(mail: InboundMail): string[] {
  return [mail.from, ...mail.to, ...mail.cc].flatMap((address) => (address ? [address.address] : []));
}
