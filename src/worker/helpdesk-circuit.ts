import { DelayedError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HelpdeskError } from '../helpdesk/errors/helpdesk-error.js';
import { type CircuitState, type CircuitTimings, decideAdmission } from './decide-admission.js';
import type { MailJobResult } from './mail-job-handler.js';

/**
 * The circuit's pacing for a probe every `probeIntervalMs` (`worker.pausedProbeInterval`): held
 * mail that wakes just after a probe waits up to 15 s for its answer, and the error is logged
 * every five minutes.
 */
export function circuitTimings(probeIntervalMs: number): CircuitTimings {
  return { probeIntervalMs, settleMs: Math.min(15_000, probeIntervalMs), logIntervalMs: 5 * 60_000 };
}

/** Sets hash fields only when `field` still holds `expected`: one winner among racing workers. */
const COMPARE_AND_SET = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

/** What {@link HelpdeskCircuit} needs. */
export interface HelpdeskCircuitDeps {
  readonly redis: Redis;
  /** The hash holding the circuit's state while it is open. */
  readonly key: string;
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
      // A mail that already had a ticket never reached the helpdesk: it proves nothing.
      if (result.outcome !== 'duplicate') await this.close();
      return result;
    };
  }

  /** When a mail may be tried again, or undefined when it may go now (closed, or the probe). */
  async holdUntil(): Promise<number | undefined> {
    const { redis, key, timings } = this.deps;
    const now = this.deps.now().getTime();
    const state = parseState(await redis.hgetall(key));
    const admission = decideAdmission(state, now, timings);
    if (admission.action === 'hold') return admission.until;
    if (admission.action === 'pass' || state === undefined) return undefined;
    const won = await redis.eval(
      COMPARE_AND_SET,
      1,
      key,
      'nextProbeAt',
      String(state.nextProbeAt),
      'nextProbeAt',
      String(now + timings.probeIntervalMs),
      'probeAt',
      String(now),
    );
    if (won !== 1) return now + timings.settleMs;
    this.deps.logger.info({ helpdesk: this.deps.helpdesk }, 'delivery paused: sending one mail as a probe');
    return undefined;
  }

  /**
   * Opens the circuit (or keeps it open) after the helpdesk refused popdesk; returns when the
   * refused mail should be tried again.
   */
  async trip(error: HelpdeskError): Promise<number> {
    const { redis, key, timings, logger } = this.deps;
    const now = this.deps.now().getTime();
    const replies = await redis
      .multi()
      .hsetnx(key, 'openedAt', String(now))
      .hsetnx(key, 'nextLogAt', '0')
      .hset(key, 'nextProbeAt', String(now + timings.probeIntervalMs))
      .hmget(key, 'openedAt', 'nextLogAt')
      .exec();
    const [openedAt, nextLogAt] = (replies?.[3]?.[1] ?? []) as Array<string | null>;
    if (nextLogAt !== null && nextLogAt !== undefined && now >= Number(nextLogAt)) {
      const won = await redis.eval(
        COMPARE_AND_SET,
        1,
        key,
        'nextLogAt',
        nextLogAt,
        'nextLogAt',
        String(now + timings.logIntervalMs),
      );
      if (won === 1) {
        logger.error(
          {
            helpdesk: this.deps.helpdesk,
            status: error.status,
            err: error,
            pausedSince: new Date(Number(openedAt ?? now)).toISOString(),
            probeEveryMs: timings.probeIntervalMs,
          },
          `the helpdesk (${this.deps.helpdesk}) refuses popdesk's credentials: delivery is paused and mail is held, not dead-lettered; ${this.deps.fix}. Delivery resumes by itself once a probe succeeds`,
        );
      }
    }
    return now + timings.probeIntervalMs;
  }

  /** Closes the circuit after a mail was delivered; logs when it was open. */
  async close(): Promise<void> {
    if ((await this.deps.redis.del(this.deps.key)) > 0)
      this.deps.logger.info(
        { helpdesk: this.deps.helpdesk },
        'the helpdesk accepts popdesk again: delivery resumed',
      );
  }
}

function parseState(hash: Record<string, string>): CircuitState | undefined {
  if (hash.openedAt === undefined || hash.nextProbeAt === undefined) return undefined;
  return {
    openedAt: Number(hash.openedAt),
    nextProbeAt: Number(hash.nextProbeAt),
    ...(hash.probeAt !== undefined ? { probeAt: Number(hash.probeAt) } : {}),
  };
}
