/** The answer /healthz gives. */
export interface HealthVerdict {
  readonly status: 200 | 503;
  readonly body: {
    readonly status: 'ok' | 'stalled';
    readonly eventLoopLagMs: number;
    readonly maxLagMs: number;
  };
}

/**
 * Alive while the event loop's worst delay since the last look stays under `maxLagMs`: a loop
 * blocked longer (a runaway parse, a synchronous spin) cannot poll or deliver, so a supervisor
 * should restart the process.
 */
export function healthVerdict(eventLoopLagMs: number, maxLagMs: number): HealthVerdict {
  const ok = eventLoopLagMs < maxLagMs;
  const lag = Math.round(eventLoopLagMs);
  return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'stalled', eventLoopLagMs: lag, maxLagMs } };
}
