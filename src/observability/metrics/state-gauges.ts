import { Gauge, type Registry } from 'prom-client';

/** The queue states reported in `popdesk_queue_jobs`. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** Where the state gauges read their values from at each scrape (Redis, through the app's stores). */
export interface StateSource {
  /** Jobs of the mail queue per state (BullMQ `getJobCounts`). */
  queueCounts(): Promise<Record<string, number>>;
  /** When popdesk took in the mail that has waited longest; undefined when none waits. */
  oldestWaitingSince(): Promise<Date | undefined>;
  /** Dead letters kept. */
  deadLetters(): Promise<number>;
  /** True while the helpdesk circuit is open (delivery paused). */
  circuitOpen(): Promise<boolean>;
  /** False while Redis cannot answer: the gauges then keep their last values instead of waiting. */
  available(): boolean;
}

/**
 * Gauges read at scrape time: queue depth per state, the age of the oldest waiting mail, the
 * dead letters and the helpdesk circuit. A scrape while Redis is away keeps the last values
 * (readiness reports the outage), so /metrics always answers.
 */
export function registerStateGauges(registry: Registry, source: StateSource, now: () => Date): void {
  const registers = [registry];
  const guarded = async (read: () => Promise<void>): Promise<void> => {
    if (!source.available()) return;
    try {
      await read();
    } catch {
      // The last value stays; /readyz names the failing dependency.
    }
  };
  new Gauge({
    name: 'popdesk_queue_jobs',
    help: 'Mail jobs in the delivery queue, by state.',
    labelNames: ['state'],
    registers,
    async collect() {
      await guarded(async () => {
        const counts = await source.queueCounts();
        for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
      });
    },
  });
  new Gauge({
    name: 'popdesk_queue_oldest_waiting_age_seconds',
    help: 'How long the mail that has waited longest for a worker has been in popdesk (0: none waits).',
    registers,
    async collect() {
      await guarded(async () => {
        const since = await source.oldestWaitingSince();
        this.set(since === undefined ? 0 : Math.max(0, (now().getTime() - since.getTime()) / 1000));
      });
    },
  });
  new Gauge({
    name: 'popdesk_dead_letters',
    help: 'Dead letters kept, waiting for a person.',
    registers,
    async collect() {
      await guarded(async () => this.set(await source.deadLetters()));
    },
  });
  new Gauge({
    name: 'popdesk_helpdesk_circuit_open',
    help: '1 while delivery is paused because the helpdesk refuses popdesk (401/403), else 0.',
    registers,
    async collect() {
      await guarded(async () => this.set((await source.circuitOpen()) ? 1 : 0));
    },
  });
}
