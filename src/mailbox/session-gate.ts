import type { RedisClient } from '../queue/redis-client.js';
import { loginBackoffMs } from './login-backoff.js';

/** Why no session may start yet, and until when. */
export interface SessionDeferral {
  readonly reason: 'login-delay' | 'login-backoff';
  readonly until: Date;
}

/** Dependencies of {@link SessionGate}. */
export interface SessionGateOptions {
  readonly redis: RedisClient;
  /** The mailbox's hash, from `RedisKeys.sessionGate`. */
  readonly key: string;
  readonly now: () => Date;
  /** The poll interval: the first wait after a refused login, doubled with each further one. */
  readonly pollIntervalMs: number;
}

/** Long enough to outlive the longest back-off; short enough that a removed mailbox leaves nothing. */
const GATE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * When a mailbox may next be logged in to, kept in Redis so every replica honours it: the
 * LOGIN-DELAY the server advertised (RFC 2449; Cyrus refuses an earlier login) and the back-off
 * after refused credentials (an Outlook.com account retried every minute gets locked).
 */
export class SessionGate {
  constructor(private readonly options: SessionGateOptions) {}

  /** Resolves the reason to wait, or undefined when a session may start now. */
  async deferral(): Promise<SessionDeferral | undefined> {
    const { redis, key, now } = this.options;
    const [delayUntil, backoffUntil] = await redis.hmget(key, 'loginDelayUntil', 'backoffUntil');
    const at = now().getTime();
    const backoff = Number(backoffUntil ?? 0);
    if (backoff > at) return { reason: 'login-backoff', until: new Date(backoff) };
    const delay = Number(delayUntil ?? 0);
    if (delay > at) return { reason: 'login-delay', until: new Date(delay) };
    return undefined;
  }

  /** A login succeeded at `loggedInAt`: forget refused logins, remember the server's LOGIN-DELAY. */
  async loggedIn(loggedInAt: Date, loginDelaySeconds: number | undefined): Promise<void> {
    const { redis, key } = this.options;
    const write = redis.multi().hdel(key, 'failures', 'backoffUntil');
    if (loginDelaySeconds !== undefined && loginDelaySeconds > 0)
      write.hset(key, 'loginDelayUntil', String(loggedInAt.getTime() + loginDelaySeconds * 1000));
    await write.pexpire(key, GATE_TTL_MS).exec();
  }

  /** The server refused the credentials: counts the failure and resolves when to try again. */
  async loginRefused(): Promise<{ readonly failures: number; readonly nextLoginAt: Date }> {
    const { redis, key, now, pollIntervalMs } = this.options;
    const failures = await redis.hincrby(key, 'failures', 1);
    const nextLoginAt = new Date(now().getTime() + loginBackoffMs(failures, pollIntervalMs));
    await redis
      .multi()
      .hset(key, 'backoffUntil', String(nextLoginAt.getTime()))
      .pexpire(key, GATE_TTL_MS)
      .exec();
    return { failures, nextLoginAt };
  }
}
