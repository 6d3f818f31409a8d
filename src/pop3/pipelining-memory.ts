/** Options of a {@link PipeliningMemory}. */
export interface PipeliningMemoryOptions {
  /** How long a failed probe keeps a host from being probed again. Default 24 h. */
  readonly forgetAfterMs?: number;
  /** Wall-clock milliseconds; passed in so expiry can be tested. */
  readonly now?: () => number;
}

/**
 * The hosts (`host:port`) whose pipelining probe failed recently, so the next session goes
 * lock-step at once instead of probing again. In-process only: a restart or another replica
 * probes once more, which costs one probe timeout and one reconnect, never a mail.
 */
export class PipeliningMemory {
  private readonly refusedUntil = new Map<string, number>();
  private readonly forgetAfterMs: number;
  private readonly now: () => number;

  constructor(options: PipeliningMemoryOptions = {}) {
    this.forgetAfterMs = options.forgetAfterMs ?? 24 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Remembers that pipelining failed on `host` (as `host:port`). */
  refuse(host: string): void {
    this.refusedUntil.set(host, this.now() + this.forgetAfterMs);
  }

  /** Whether `host` failed a probe or a probed pipeline within the memory's span. */
  refusedRecently(host: string): boolean {
    const until = this.refusedUntil.get(host);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.refusedUntil.delete(host);
    return false;
  }
}
