import type { Logger } from 'pino';
import type { FilterStep } from '../hygiene/decide-hygiene.js';
import type { MailClassification } from '../hygiene/mail-classification.js';
import type { InboundMail } from '../mail/index.js';
import { NO_PIPELINE_METRICS, type PipelineMetrics } from '../observability/metrics/pipeline-metrics.js';
import type { FilteredMail, FilteredMailStore } from '../queue/filtered-mail-store.js';
import type { MailJobData } from '../queue/jobs/mail-job.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';

/** What keeping a mail back touches. */
export interface FilterMailDeps {
  readonly filtered: FilteredMailStore;
  readonly ledger: TicketLedger;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Where filtered and delivered mail is counted; nothing counts by default. */
  readonly metrics?: PipelineMetrics;
}

/**
 * Keeps a mail back instead of posting it: its filtered record (class, reason, signals, the raw
 * bytes) is written in the same transaction that drops the queue's raw copy and the mail's
 * pending mark, so the mail is never both queued and filtered, nor neither. Logs the one info
 * line an operator traces filtered mail by.
 */
export async function filterMail(
  deps: FilterMailDeps,
  data: MailJobData,
  mail: InboundMail,
  raw: Buffer,
  classification: MailClassification,
  filter: FilterStep,
): Promise<void> {
  const from = mail.from?.address ?? data.from;
  const record: FilteredMail = {
    id: data.ref,
    mailboxId: data.mailboxId,
    class: classification.class,
    reason: filter.reason,
    signals: classification.signals,
    detail: filter.detail,
    filteredAt: deps.now().toISOString(),
    raw,
    messageId: data.messageId ?? mail.messageId,
    subject: mail.subject,
    ...(from !== undefined ? { from } : {}),
  };
  // The intake marked the header's Message-ID pending; the parser may have derived another.
  const messageIds = [...new Set([data.messageId, mail.messageId].filter((id) => id !== undefined))];
  await deps.ledger.recordFiltered(data.ref, messageIds, (transaction) =>
    deps.filtered.add(record, transaction),
  );
  (deps.metrics ?? NO_PIPELINE_METRICS).filtered(classification.class, filter.reason);
  deps.logger.info(
    {
      class: classification.class,
      reason: filter.reason,
      signals: classification.signals,
      from,
      subject: mail.subject,
    },
    `mail filtered: ${filter.detail}`,
  );
}
