import type { Cluster, Redis } from 'ioredis';

/**
 * A connection to popdesk's Redis: one server (given by URL or found through Sentinel) or a
 * Redis Cluster. Both take the same commands; in a cluster every multi-key command must stay
 * within one hash slot, which the `{prefix}` hash tag of every key ensures.
 */
export type RedisClient = Redis | Cluster;
