import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Samples the event loop's delay (every 20 ms) from `start` until `stop`. */
export class EventLoopLag {
  private histogram: IntervalHistogram | undefined;

  start(): void {
    this.histogram ??= monitorEventLoopDelay({ resolution: 20 });
    this.histogram.enable();
  }

  /** The worst delay in ms since the previous call (or since `start`), then starts a new window. */
  worstSinceLastLookMs(): number {
    if (this.histogram === undefined) return 0;
    const worstNs = this.histogram.max;
    this.histogram.reset();
    return Number.isFinite(worstNs) ? worstNs / 1e6 : 0;
  }

  stop(): void {
    this.histogram?.disable();
  }
}
