/** The helpdesk circuit as stored in Redis, while it is open. Times are epoch milliseconds. */
export interface CircuitState {
  /** When the helpdesk first refused popdesk in this outage. */
  readonly openedAt: number;
  /** When the next mail may go through as a probe. */
  readonly nextProbeAt: number;
  /** When the last probe was let through, if one was. */
  readonly probeAt?: number;
}

/** How the circuit paces itself. */
export interface CircuitTimings {
  /** How often one held mail is let through to see whether the helpdesk accepts popdesk again. */
  readonly probeIntervalMs: number;
  /** How long held mail waits after a probe went out, for its answer, before asking again. */
  readonly settleMs: number;
  /** How often the error naming the helpdesk and the fix is logged while the circuit is open. */
  readonly logIntervalMs: number;
}

/** What a worker does with a mail job before delivering it. */
export type Admission =
  /** The circuit is closed: deliver. */
  | { readonly action: 'pass' }
  /** The circuit is open and a probe is due: try to be the one mail that goes through. */
  | { readonly action: 'probe' }
  /** The circuit is open: put the job back until `until`, spending no attempt. */
  | { readonly action: 'hold'; readonly until: number };

/**
 * Decides whether a mail job may be delivered while the helpdesk may be refusing popdesk. Pure:
 * a closed circuit (no state) passes; an open one lets one probe through every
 * `probeIntervalMs`; mail that wakes just after a probe went out waits `settleMs` for its answer
 * (a successful probe closes the circuit, so held mail flows again without waiting a whole
 * interval); any other mail waits for the next probe.
 */
export function decideAdmission(
  state: CircuitState | undefined,
  now: number,
  timings: CircuitTimings,
): Admission {
  if (state === undefined) return { action: 'pass' };
  if (now >= state.nextProbeAt) return { action: 'probe' };
  const settled = state.probeAt === undefined ? undefined : state.probeAt + timings.settleMs;
  if (settled !== undefined && now < settled) return { action: 'hold', until: settled };
  return { action: 'hold', until: state.nextProbeAt };
}
