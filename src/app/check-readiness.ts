import type { Worker } from 'bullmq';
import type { ReadinessCheck } from '../http/readiness-verdict.js';
import type { HelpdeskCircuitStore } from '../queue/helpdesk-circuit-store.js';
import type { RedisClient } from '../queue/redis-client.js';
import { within } from '../timeouts/within.js';

/** How long /readyz waits for Redis to answer a PING. */
const PING_TIMEOUT_MS = 1000;

/** What readiness is judged from: the app's Redis connection and the roles this process runs. */
export interface ReadinessParts {
  readonly redis: RedisClient;
  readonly circuit: HelpdeskCircuitStore;
  /** Which roles this process runs: a role not started yet is not ready. */
  readonly roles: { readonly poller: boolean; readonly worker: boolean };
  /** The poll worker, once started. */
  readonly poller?: Worker;
  /** How many poll schedulers there must be (one per configured mailbox), and how many there are. */
  readonly schedulers?: { readonly expected: number; readonly count: () => Promise<number> };
  /** The mail workers started so far. */
  readonly workers: readonly Worker[];
}

/**
 * The checks /readyz reports, in order: Redis answers a PING; the poller runs and every
 * mailbox has its schedule; the mail workers run; the helpdesk circuit is closed (delivery is
 * not paused). Checks that read Redis are skipped while Redis does not answer, so only `redis`
 * is blamed then.
 */
export async function checkReadiness(parts: ReadinessParts): Promise<ReadinessCheck[]> {
  const redis = await pingRedis(parts.redis);
  const checks: ReadinessCheck[] = [redis];
  const redisUp = redis.state === 'ok';
  const skipped = (name: string): ReadinessCheck => ({ name, state: 'skipped', detail: 'needs Redis' });
  if (parts.roles.poller) {
    if (parts.poller === undefined)
      checks.push({ name: 'poller', state: 'failed', detail: 'not started yet' });
    else if (!parts.poller.isRunning())
      checks.push({ name: 'poller', state: 'failed', detail: 'the poll worker is not running' });
    else if (!redisUp || parts.schedulers === undefined)
      checks.push(redisUp ? { name: 'poller', state: 'ok' } : skipped('poller'));
    else checks.push(await checkSchedulers(parts.schedulers));
  }
  if (parts.roles.worker) {
    const running = parts.workers.length > 0 && parts.workers.every((worker) => worker.isRunning());
    checks.push(
      running
        ? { name: 'worker', state: 'ok' }
        : { name: 'worker', state: 'failed', detail: 'the mail worker is not running' },
    );
  }
  checks.push(redisUp ? await checkCircuit(parts.circuit) : skipped('helpdesk-circuit'));
  return checks;
}

async function pingRedis(redis: RedisClient): Promise<ReadinessCheck> {
  // Commands wait through an outage (maxRetriesPerRequest: null): do not queue a PING behind it.
  if (redis.status !== 'ready')
    return { name: 'redis', state: 'failed', detail: `connection is ${redis.status}` };
  try {
    await within(redis.ping(), PING_TIMEOUT_MS, 'PING');
    return { name: 'redis', state: 'ok' };
  } catch (error) {
    return { name: 'redis', state: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}

async function checkSchedulers(
  schedulers: NonNullable<ReadinessParts['schedulers']>,
): Promise<ReadinessCheck> {
  try {
    const count = await within(schedulers.count(), PING_TIMEOUT_MS, 'counting the poll schedulers');
    return count >= schedulers.expected
      ? { name: 'poller', state: 'ok' }
      : {
          name: 'poller',
          state: 'failed',
          detail: `${count} of ${schedulers.expected} mailbox schedules exist`,
        };
  } catch (error) {
    return {
      name: 'poller',
      state: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

async function checkCircuit(circuit: HelpdeskCircuitStore): Promise<ReadinessCheck> {
  try {
    const open = await within(circuit.read(), PING_TIMEOUT_MS, 'reading the helpdesk circuit');
    if (open === undefined) return { name: 'helpdesk-circuit', state: 'ok' };
    const since = new Date(open.openedAt).toISOString();
    return {
      name: 'helpdesk-circuit',
      state: 'failed',
      detail: `open since ${since}: the helpdesk refuses popdesk (401/403)`,
    };
  } catch (error) {
    return {
      name: 'helpdesk-circuit',
      state: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}
