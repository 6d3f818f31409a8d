import type { Queue } from 'bullmq';
import { QUEUE_STATES, type StateSource } from '../observability/metrics/state-gauges.js';
import type { DeadLetterStore } from '../queue/dead-letter-store.js';
import type { HelpdeskCircuitStore } from '../queue/helpdesk-circuit-store.js';
import { oldestWaitingMailSince } from '../queue/oldest-waiting-mail.js';
import type { RedisClient } from '../queue/redis-client.js';

/** The parts of the app the state gauges read at each scrape. */
export interface PipelineStateParts {
  readonly redis: RedisClient;
  readonly mailQueue: Queue;
  readonly deadLetters: DeadLetterStore;
  readonly circuit: HelpdeskCircuitStore;
}

/**
 * The state gauges' source over the app's Redis: queue counts from BullMQ, the oldest waiting
 * job (its enqueue time is when popdesk took the mail in), the dead letters and the circuit.
 */
export function pipelineStateSource(parts: PipelineStateParts): StateSource {
  return {
    // Commands wait through an outage (maxRetriesPerRequest: null): a scrape must not pile them up.
    available: () => parts.redis.status === 'ready',
    queueCounts: () => parts.mailQueue.getJobCounts(...QUEUE_STATES),
    oldestWaitingSince: () => oldestWaitingMailSince(parts.mailQueue),
    deadLetters: () => parts.deadLetters.count(),
    circuitOpen: async () => (await parts.circuit.read()) !== undefined,
  };
}
