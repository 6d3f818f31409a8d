/** The bounds a reply must meet, whatever the server's idle gaps. */
export interface ReplyDeadlineLimits {
  /** Time a reply may take from the moment it is due, before counting its body. */
  readonly commandTimeoutMs: number;
  /** Floor transfer rate for a multi-line body: each byte received extends the deadline by 1/rate s. */
  readonly minBytesPerSecond: number;
}

/**
 * The deadline of the reply at the head of the line. An idle timeout alone never fires on a
 * server that trickles one byte every few seconds; this bound does: a reply must complete within
 * `commandTimeoutMs` plus its size at `minBytesPerSecond`. A reply is due from the moment it is
 * first in line (the one before it ended), so pipelined replies are timed one after another.
 * Time spent paused by our own back-pressure does not count. Pure: time comes in as arguments.
 */
export class ReplyDeadline {
  private startedAt = 0;
  private bytes = 0;
  private maxCountedBytes = 0;
  private pausedAt: number | undefined;

  constructor(private readonly limits: ReplyDeadlineLimits) {}

  /**
   * Starts timing a reply that is now first in line. At most `maxBodyBytes` (its body limit;
   * 0 for a status reply) extend the allowance, so a server that streams without end past the
   * limit, while the rest of an oversize body is being dropped, still runs into the deadline.
   */
  start(now: number, maxBodyBytes: number): void {
    this.startedAt = now;
    this.bytes = 0;
    this.maxCountedBytes = maxBodyBytes;
    this.pausedAt = undefined;
  }

  /** Counts bytes received for the current reply. */
  received(bytes: number): void {
    this.bytes = Math.min(this.bytes + bytes, this.maxCountedBytes);
  }

  /** Stops the clock while the consumer, not the server, holds the reply up. */
  pause(now: number): void {
    this.pausedAt ??= now;
  }

  resume(now: number): void {
    if (this.pausedAt === undefined) return;
    this.startedAt += now - this.pausedAt;
    this.pausedAt = undefined;
  }

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Bytes counted for the current reply (capped at its body limit). */
  get receivedBytes(): number {
    return this.bytes;
  }

  /** The time the current reply is allowed, given the bytes received so far. */
  allowanceMs(): number {
    return this.limits.commandTimeoutMs + (this.bytes * 1000) / this.limits.minBytesPerSecond;
  }

  /** Milliseconds left; zero or less means the reply is late. */
  remainingMs(now: number): number {
    const elapsed = (this.pausedAt ?? now) - this.startedAt;
    return this.allowanceMs() - elapsed;
  }
}
