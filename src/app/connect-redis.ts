import type { Logger } from 'pino';
import type { RedisTarget } from '../config/index.js';
import type { RedisClient } from '../queue/redis-client.js';
import { backoffDelay } from '../worker/backoff-delay.js';
import { describeRedisTarget, redisCredentialKeys, redisLocation } from './describe-redis-target.js';
import { RedisAuthError } from './errors/redis-auth-error.js';
import { RedisUnreachableError } from './errors/redis-unreachable-error.js';
import { isRedisAuthFailure } from './is-redis-auth-failure.js';
import { openRedisClient } from './open-redis-client.js';

/** How long to wait for Redis at start-up. */
export type RedisPatience =
  /** `start`: a service waits for its Redis as long as it takes, retrying with capped backoff. */
  | { readonly kind: 'wait'; readonly maxDelayMs: number }
  /** One-shot commands (`poll-once`, `dead-letters`): fail once `deadlineMs` would be passed. */
  | { readonly kind: 'give-up'; readonly deadlineMs: number };

/** A service's patience: retry every few seconds, at most every 30 s. */
export const WAIT_FOR_REDIS: RedisPatience = { kind: 'wait', maxDelayMs: 30_000 };
/** A one-shot command's patience: ten seconds, enough for a Redis restart, not for a cron job to hang. */
export const GIVE_UP_ON_REDIS: RedisPatience = { kind: 'give-up', deadlineMs: 10_000 };

/** What {@link connectRedis} needs. */
export interface ConnectRedisOptions {
  /** `redis.target` of the configuration. */
  readonly target: RedisTarget;
  readonly patience: RedisPatience;
  /** Where each failed attempt is logged (one JSON line each); none for plain-text commands. */
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const CONNECT_TIMEOUT_MS = 5000;
/** Longest wait for a connected client to be ready (a cluster's slot map loaded, a sentinel's master found). */
const READY_TIMEOUT_MS = 5000;

/**
 * Opens one Redis connection, retrying while Redis is unreachable as `patience` allows. The
 * connection does not reconnect by itself: a one-shot command using it fails instead of hanging
 * when Redis goes away. Throws {@link RedisAuthError} at once when Redis refuses the credentials
 * (retrying cannot help) and {@link RedisUnreachableError} when a one-shot deadline passes.
 */
export async function connectRedis(options: ConnectRedisOptions): Promise<RedisClient> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const where = describeRedisTarget(options.target);
  const started = now();
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await tryConnect(options.target);
    if (!(outcome instanceof Error)) return outcome;
    if (isRedisAuthFailure(outcome))
      throw new RedisAuthError(where, redisCredentialKeys(options.target), outcome);
    const maxMs =
      options.patience.kind === 'wait' ? options.patience.maxDelayMs : options.patience.deadlineMs;
    const retryInMs = backoffDelay(attempt, { initialMs: 500, maxMs }, options.random ?? Math.random);
    const waited = now() - started;
    if (options.patience.kind === 'give-up' && waited + retryInMs > options.patience.deadlineMs)
      throw new RedisUnreachableError(where, waited, outcome);
    options.logger?.warn(
      { redis: redisLocation(options.target), attempt, retryInMs, err: outcome.message },
      'Redis is unreachable; retrying',
    );
    await sleep(retryInMs);
  }
}

/** One connection attempt: the connected client, or why it failed. */
async function tryConnect(target: RedisTarget): Promise<RedisClient | Error> {
  const redis = openRedisClient(target, {
    connectionName: 'popdesk-probe',
    lazyConnect: true,
    reconnect: false,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
  });
  // ioredis rejects connect() with a bare "Connection is closed"; the cause comes as an event.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => {
    cause ??= lastNodeError(error);
  });
  let timer: NodeJS.Timeout | undefined;
  // A cluster whose slot map it cannot use can leave connect() pending forever; bound it.
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not become ready within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([redis.connect(), stalled]);
    return redis;
  } catch (error) {
    redis.disconnect();
    return cause ?? (error instanceof Error ? error : new Error(String(error)));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A cluster reports only "Failed to refresh slots cache" (ioredis's ClusterAllFailedError, which
 * it does not export, hence the property check); the last node's own error says why: refused,
 * or a wrong password.
 */
function lastNodeError(error: Error): Error {
  const last = (error as Error & { lastNodeError?: unknown }).lastNodeError;
  return last instanceof Error ? last : error;
}
