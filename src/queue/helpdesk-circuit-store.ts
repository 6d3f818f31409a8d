import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** The helpdesk circuit as Redis holds it while it is open (times in ms since the epoch). */
export interface StoredCircuit {
  readonly openedAt: number;
  readonly nextProbeAt: number;
  readonly probeAt?: number;
}

/** Sets hash fields only when `field` still holds `expected`: one winner among racing workers. */
const COMPARE_AND_SET = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

/**
 * The helpdesk circuit's state in Redis (one hash, `RedisKeys.helpdeskCircuit`), shared by
 * every worker process. The claims are compare-and-set, so among racing workers exactly one
 * sends the probe and exactly one logs the reminder.
 */
export class HelpdeskCircuitStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    keys: RedisKeys,
  ) {
    this.key = keys.helpdeskCircuit();
  }

  /** The open circuit, or undefined when it is closed. */
  async read(): Promise<StoredCircuit | undefined> {
    const hash = await this.redis.hgetall(this.key);
    if (hash.openedAt === undefined || hash.nextProbeAt === undefined) return undefined;
    return {
      openedAt: Number(hash.openedAt),
      nextProbeAt: Number(hash.nextProbeAt),
      ...(hash.probeAt !== undefined ? { probeAt: Number(hash.probeAt) } : {}),
    };
  }

  /** Claims the probe that was due at `dueAt`; true for the one caller that won it. */
  async claimProbe(dueAt: number, probeAt: number, nextProbeAt: number): Promise<boolean> {
    const won = await this.redis.eval(
      COMPARE_AND_SET,
      1,
      this.key,
      'nextProbeAt',
      String(dueAt),
      'nextProbeAt',
      String(nextProbeAt),
      'probeAt',
      String(probeAt),
    );
    return won === 1;
  }

  /**
   * Opens the circuit at `now`, or keeps it open since it was first opened, with the next probe
   * at `nextProbeAt`. Resolves when it was opened and when the reminder is next due (0: now).
   */
  async open(now: number, nextProbeAt: number): Promise<{ openedAt: number; nextLogAt: number }> {
    const replies = await this.redis
      .multi()
      .hsetnx(this.key, 'openedAt', String(now))
      .hsetnx(this.key, 'nextLogAt', '0')
      .hset(this.key, 'nextProbeAt', String(nextProbeAt))
      .hmget(this.key, 'openedAt', 'nextLogAt')
      .exec();
    const [openedAt, nextLogAt] = (replies?.[3]?.[1] ?? []) as Array<string | null>;
    return { openedAt: Number(openedAt ?? now), nextLogAt: Number(nextLogAt ?? 0) };
  }

  /** Claims the reminder that was due at `dueAt`; true for the one caller that won it. */
  async claimLog(dueAt: number, nextLogAt: number): Promise<boolean> {
    const won = await this.redis.eval(
      COMPARE_AND_SET,
      1,
      this.key,
      'nextLogAt',
      String(dueAt),
      'nextLogAt',
      String(nextLogAt),
    );
    return won === 1;
  }

  /** Closes the circuit; true when it was open. */
  async clear(): Promise<boolean> {
    return (await this.redis.del(this.key)) > 0;
  }
}
