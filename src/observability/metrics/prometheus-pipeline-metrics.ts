import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MailClass } from '../../hygiene/mail-classification.js';
import type { DeliveredKind, PipelineMetrics, PollCounts } from './pipeline-metrics.js';
import { statusClass } from './status-class.js';

/** From a quick poll to one that hits the default session deadline. */
const POLL_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** From a local receiver to a helpdesk at its 30 s timeout. */
const HELPDESK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** From seconds (a healthy queue) to a day (a helpdesk that was down overnight). */
const AGE_BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/**
 * {@link PipelineMetrics} as Prometheus counters and histograms in `registry` (one per app,
 * never prom-client's global one). Every name starts with `popdesk_`; docs/metrics.md lists them.
 */
export class PrometheusPipelineMetrics implements PipelineMetrics {
  private readonly fetched: Counter<'mailbox'>;
  private readonly queued: Counter<'mailbox'>;
  private readonly duplicates: Counter<'mailbox'>;
  private readonly deliveredTotal: Counter<'kind'>;
  private readonly deadLetteredTotal: Counter<'reason'>;
  private readonly filteredTotal: Counter<'class' | 'reason'>;
  private readonly pollDuration: Histogram<'mailbox' | 'result'>;
  private readonly helpdeskDuration: Histogram<'status'>;
  private readonly deliveryAge: Histogram;
  private readonly lastPoll: Gauge<'mailbox'>;

  constructor(registry: Registry, mailboxIds: readonly string[]) {
    const registers = [registry];
    this.fetched = new Counter({
      name: 'popdesk_mails_fetched_total',
      help: 'Mails retrieved from a mailbox (RETR).',
      labelNames: ['mailbox'],
      registers,
    });
    this.queued = new Counter({
      name: 'popdesk_mails_queued_total',
      help: 'Mails put on the delivery queue.',
      labelNames: ['mailbox'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'popdesk_mails_duplicate_total',
      help: 'Mails skipped because they were queued before.',
      labelNames: ['mailbox'],
      registers,
    });
    this.deliveredTotal = new Counter({
      name: 'popdesk_mails_delivered_total',
      help: 'Mails delivered to the helpdesk, by kind: new ticket, reply or note.',
      labelNames: ['kind'],
      registers,
    });
    this.deadLetteredTotal = new Counter({
      name: 'popdesk_mails_dead_lettered_total',
      help: 'Mails kept as dead letters, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.filteredTotal = new Counter({
      name: 'popdesk_mails_filtered_total',
      help: 'Mails the hygiene policy kept back, by class and reason.',
      labelNames: ['class', 'reason'],
      registers,
    });
    this.pollDuration = new Histogram({
      name: 'popdesk_poll_duration_seconds',
      help: 'How long one poll of a mailbox took, by result (ok or failed).',
      labelNames: ['mailbox', 'result'],
      buckets: POLL_BUCKETS,
      registers,
    });
    this.helpdeskDuration = new Histogram({
      name: 'popdesk_helpdesk_request_duration_seconds',
      help: 'How long one HTTP request to the helpdesk took, by status class (none: no answer).',
      labelNames: ['status'],
      buckets: HELPDESK_BUCKETS,
      registers,
    });
    this.deliveryAge = new Histogram({
      name: 'popdesk_mail_age_at_delivery_seconds',
      help: 'Time from popdesk taking a mail in to its delivery to the helpdesk.',
      buckets: AGE_BUCKETS,
      registers,
    });
    this.lastPoll = new Gauge({
      name: 'popdesk_last_successful_poll_timestamp_seconds',
      help: 'When a poll of the mailbox last ended without an error (Unix time; 0: not yet).',
      labelNames: ['mailbox'],
      registers,
    });
    // Series exist from the start, so `increase()` and absence alerts see the first event.
    for (const mailbox of mailboxIds) {
      for (const counter of [this.fetched, this.queued, this.duplicates]) counter.inc({ mailbox }, 0);
      this.lastPoll.set({ mailbox }, 0);
    }
    for (const kind of ['new', 'reply', 'note'] satisfies DeliveredKind[])
      this.deliveredTotal.inc({ kind }, 0);
  }

  pollSucceeded(mailbox: string, counts: PollCounts, seconds: number, at: Date): void {
    this.fetched.inc({ mailbox }, counts.fetched);
    this.queued.inc({ mailbox }, counts.queued);
    this.duplicates.inc({ mailbox }, counts.duplicates);
    this.pollDuration.observe({ mailbox, result: 'ok' }, seconds);
    this.lastPoll.set({ mailbox }, at.getTime() / 1000);
  }

  pollFailed(mailbox: string, seconds: number): void {
    this.pollDuration.observe({ mailbox, result: 'failed' }, seconds);
  }

  delivered(kind: DeliveredKind, ageSeconds: number): void {
    this.deliveredTotal.inc({ kind });
    this.deliveryAge.observe(Math.max(0, ageSeconds));
  }

  deadLettered(reason: string): void {
    this.deadLetteredTotal.inc({ reason });
  }

  filtered(mailClass: MailClass, reason: string): void {
    this.filteredTotal.inc({ class: mailClass, reason });
  }

  helpdeskCall(status: number | undefined, seconds: number): void {
    this.helpdeskDuration.observe({ status: statusClass(status) }, seconds);
  }
}
