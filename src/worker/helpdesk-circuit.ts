import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { HelpdeskError } from '../helpdesk/helpdesk-error.js';
import { summarizeFailure } from '../observability/log-failure.js';
import type { HelpdeskCircuitStore } from '../queue/helpdesk-circuit-store.js';
import { type CircuitTimings, decideAdmission } from './decide-admission.js';
import type { MailJobResult } from './mail-job-handler.js';

/**
 * The circuit's pacing for a probe every `probeIntervalMs` (`worker.pausedProbeInterval`): held
 * mail that wakes just after a probe waits up to 15 s for its answer, and the error is logged
 * every five minutes.
 */
export function circuitTimings(probeIntervalMs: number): CircuitTimings {
  return { probeIntervalMs, settleMs: Math.min(15_000, probeIntervalMs), logIntervalMs: 5 * 60_000 };
}

/** What {@link HelpdeskCircuit} needs. */
export interface HelpdeskCircuitDeps {
  /** The circuit's state, shared by every worker process. */
  readonly store: HelpdeskCircuitStore;
  readonly now: () => Date;
  readonly logger: Logger;
  /** The helpdesk as logs name it (`webhook`, `rt`). */
  readonly helpdesk: string;
  /** What to check: the config keys holding the credentials (see `helpdesk-credential-hint.ts`). */
  readonly fix: string;
  readonly timings: CircuitTimings;
}

type MailJobHandler = (job: Job, token?: string) => Promise<MailJobResult>;

/**
 * Pauses delivery while the helpdesk refuses popdesk itself (401/403): such an answer says the
 * credentials or rights are wrong, not the mail, so turning every mail into a dead letter would
 * be wrong. The state lives in Redis, so every worker process sees it: while it is open, mail
 * jobs are put back without spending an attempt, one mail every `probeIntervalMs` goes through
 * as a probe, the first success closes the circuit, and an error naming the helpdesk and what to
 * fix is logged every `logIntervalMs`.
 */
export class HelpdeskCircuit {
  constructor(private readonly deps: HelpdeskCircuitDeps) {}

  /**
   * Wraps the mail job handler: a job arriving while the circuit is open is delayed (BullMQ's
   * `DelayedError`: no attempt spent) unless it is the probe; a delivered mail closes the circuit.
   */
  guard(handler: MailJobHandler): MailJobHandler {
    return async (job, token) => {
      const until = await this.holdUntil();
      if (until !== undefined) {
        await job.moveToDelayed(until, token);
        throw new DelayedError();
      }
      const result = await handler(job, token);
      // A mail that already had a ticket, or was kept back, posted nothing: it proves nothing.
      if (result.outcome !== 'duplicate' && result.outcome !== 'filtered') await this.close();
      return result;
    };
  }

  /** When a mail may be tried again, or undefined when it may go now (closed, or the probe). */
  async holdUntil(): Promise<number | undefined> {
    const { store, timings } = this.deps;
    const now = this.deps.now().getTime();
    const state = await store.read();
    const admission = decideAdmission(state, now, timings);
    if (admission.action === 'hold') return admission.until;
    if (admission.action === 'pass' || state === undefined) return undefined;
    if (!(await store.claimProbe(state.nextProbeAt, now, now + timings.probeIntervalMs)))
      return now + timings.settleMs;
    this.deps.logger.info({ helpdesk: this.deps.helpdesk }, 'delivery paused: sending one mail as a probe');
    return undefined;
  }

  /**
   * Opens the circuit (or keeps it open) after the helpdesk refused popdesk; returns when the
   * refused mail should be tried again.
   */
  async trip(error: HelpdeskError): Promise<number> {
    const { store, timings, logger } = this.deps;
    const now = this.deps.now().getTime();
    const { openedAt, nextLogAt } = await store.open(now, now + timings.probeIntervalMs);
    if (now >= nextLogAt && (await store.claimLog(nextLogAt, now + timings.logIntervalMs))) {
      logger.error(
        {
          helpdesk: this.deps.helpdesk,
          status: error.status,
          error: summarizeFailure(error),
          pausedSince: new Date(openedAt).toISOString(),
          probeEveryMs: timings.probeIntervalMs,
        },
        `the helpdesk (${this.deps.helpdesk}) refuses popdesk's credentials: delivery is paused and mail is held, not dead-lettered; ${this.deps.fix}. Delivery resumes by itself once a probe succeeds`,
      );
    }
    return now + timings.probeIntervalMs;
  }

  /** Closes the circuit after a mail was delivered; logs when it was open. */
  async close(): Promise<void> {
    if (await this.deps.store.clear())
      this.deps.logger.info(
        { helpdesk: this.deps.helpdesk },
        'the helpdesk accepts popdesk again: delivery resumed',
      );
  }
}
