import { DeliveryLockLostError } from './delivery-lock-lost-error.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { RedisLock } from './redis-lock.js';

/** A held delivery lock: `lost` aborts with a {@link DeliveryLockLostError} when it is gone. */
export interface HeldDeliveryLock {
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * One run at a time may post a mail, across processes: BullMQ hands a job to a second run when
 * the first one's lock was not renewed in time (event loop blocked, GC pause, partition), while
 * the first may still be posting. The lock is a Redis key with an owner token and an expiry,
 * renewed while the run goes on and released at its end; a run killed outright leaves it to
 * expire after `ttlMs`. It is a {@link RedisLock}, as the mailbox's poll lock is, on another key.
 */
export class DeliveryLocks {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lock of `ref`, or resolves undefined while another run holds it. */
  async acquire(ref: string): Promise<HeldDeliveryLock | undefined> {
    const held = await new RedisLock(
      this.redis,
      this.keys.deliveryLock(ref),
      this.ttlMs,
      'delivery lock',
    ).acquire();
    if (held === undefined) return undefined;
    const lost = new AbortController();
    held.lost.addEventListener('abort', () =>
      lost.abort(
        new DeliveryLockLostError(`the delivery lock of mail ${ref} was lost`, { cause: held.lost.reason }),
      ),
    );
    return { lost: lost.signal, release: () => held.release() };
  }
}
