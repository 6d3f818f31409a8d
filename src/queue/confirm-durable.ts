import { Cluster, type Redis } from 'ioredis';
import { DurabilityTimeoutError } from './durability-timeout-error.js';
import type { RedisClient } from './redis-client.js';

/** What must hold before a fetched mail may be deleted from its mailbox. */
export interface DurabilityPolicy {
  /** The server has WAITAOF (Redis 7.2+): wait for the master's own AOF fsync. */
  readonly waitAof: boolean;
  /** Replicas that must have the mail too (`redis.minReplicas`); 0 for none. */
  readonly minReplicas: number;
  /** How long to wait for them (`redis.minReplicasTimeout`). */
  readonly replicaTimeoutMs: number;
}

const AOF_TIMEOUT_MS = 10_000;

/**
 * Waits until the writes this connection made for mail `ref` are as safe as `policy` asks:
 * fsynced to the master's AOF (WAITAOF) and acknowledged by `minReplicas` replicas (WAITAOF's
 * second count, or WAIT on a Redis before 7.2). Throws {@link DurabilityTimeoutError} when they
 * are not in time, so the poller leaves the mail on the server. `slotKey` is one of the keys
 * written: in a cluster WAIT must go to the master that holds it.
 */
export async function confirmDurable(
  redis: RedisClient,
  policy: DurabilityPolicy,
  ref: string,
  slotKey: string,
): Promise<void> {
  const { waitAof, minReplicas, replicaTimeoutMs } = policy;
  if (!waitAof && minReplicas === 0) return;
  const server = redis instanceof Cluster ? await masterOf(redis, slotKey) : redis;
  const timeoutMs = minReplicas > 0 ? replicaTimeoutMs : AOF_TIMEOUT_MS;
  let fsynced = true;
  let replicas: number;
  if (waitAof) {
    const [local, remote] = (await server.call(
      'WAITAOF',
      '1',
      String(minReplicas),
      String(timeoutMs),
    )) as number[];
    fsynced = local === 1;
    replicas = remote ?? 0;
  } else {
    replicas = (await server.call('WAIT', String(minReplicas), String(timeoutMs))) as number;
  }
  if (!fsynced)
    throw new DurabilityTimeoutError(`Redis did not fsync mail ${ref} within ${timeoutMs / 1000} s`);
  if (replicas < minReplicas) {
    throw new DurabilityTimeoutError(
      `only ${replicas} of redis.minReplicas = ${minReplicas} Redis replicas confirmed mail ${ref} within ${timeoutMs / 1000} s; it stays on the server for a later poll`,
    );
  }
}

/** The connection to the master serving `key`'s slot: the one that took the writes WAIT is about. */
async function masterOf(cluster: Cluster, key: string): Promise<Redis> {
  const slot = (await cluster.cluster('KEYSLOT', key)) as number;
  const address = cluster.slots[slot]?.[0];
  const master = cluster
    .nodes('master')
    .find((node) => `${node.options.host}:${node.options.port}` === address);
  if (master === undefined)
    throw new DurabilityTimeoutError(`no Redis Cluster master known for slot ${slot}`);
  return master;
}
