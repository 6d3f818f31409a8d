import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** A held lock; `lost` aborts when a renewal finds the lock gone, so the holder stops at once. */
export interface HeldLock {
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * A lock across any number of processes and machines: a Redis key set with NX and an expiry,
 * renewed while the holder works. If the holder dies, the lock expires after `ttlMs`; if a
 * renewal fails, `lost` fires so the holder stops at once. The poller holds one per mailbox (a
 * poller that loses it abandons its session without QUIT, so nothing uncommitted is deleted);
 * {@link DeliveryLocks} holds one per mail being posted.
 */
export class RedisLock {
  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly ttlMs: number,
    /** Names the lock in the error `lost` aborts with. */
    private readonly name: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes the lock, or resolves undefined while another holder has it. */
  async acquire(): Promise<HeldLock | undefined> {
    // The token starts with the time it was taken, so one finding it held can tell for how long.
    const token = `${this.now().getTime()}:${randomUUID()}`;
    const taken = await this.redis.set(this.key, token, 'PX', this.ttlMs, 'NX');
    if (taken !== 'OK') return undefined;
    const lost = new AbortController();
    const timer = setInterval(
      () => {
        this.redis
          .eval(RENEW, 1, this.key, token, String(this.ttlMs))
          .then((renewed) => {
            if (renewed !== 1) lost.abort(new Error(`the ${this.name} expired or was taken over`));
          })
          .catch((error: unknown) => lost.abort(error));
      },
      Math.max(100, Math.floor(this.ttlMs / 3)),
    );
    timer.unref();
    return {
      lost: lost.signal,
      release: async () => {
        clearInterval(timer);
        await this.redis.eval(RELEASE, 1, this.key, token);
      },
    };
  }

  /** When the current holder took the lock, or undefined when it is free (or held by an older version). */
  async heldSince(): Promise<Date | undefined> {
    const token = await this.redis.get(this.key);
    const taken = /^(\d+):/.exec(token ?? '');
    return taken?.[1] !== undefined ? new Date(Number(taken[1])) : undefined;
  }
}
