/**
 * How a session may pipeline (RFC 2449 section 6.6): `auto` only when the CAPA after login lists
 * PIPELINING; `off` never; `probe` also when a server that does not list it passes a probe in
 * the TRANSACTION state (two NOOPs in one write, both answered in order in time).
 */
export type PipeliningMode = 'auto' | 'off' | 'probe';

/** Every {@link PipeliningMode}, for a config schema. */
export const PIPELINING_MODES = ['auto', 'off', 'probe'] as const satisfies readonly PipeliningMode[];

/**
 * What a logged-in session found out about pipelining, for `popdesk check` and the logs:
 * `advertised` (CAPA lists PIPELINING: full window), `accepted` (not listed, but the probe passed:
 * a window that grows from 2), `refused` (the probe failed now, or for this host not long ago:
 * lock-step), `off` (not allowed by the mode, or not advertised under `auto`: lock-step).
 * A session that has not logged in yet reports `off`.
 */
export type PipeliningProbe = 'advertised' | 'accepted' | 'refused' | 'off';

/** What {@link decidePipelining} tells the login to do next. */
export type PipeliningDecision = 'advertised' | 'probe' | 'refused' | 'off';

/**
 * Decides after login whether the session pipelines, probes first, or stays lock-step. A host
 * whose probe failed recently is not probed again: a server that drops pipelined bytes would
 * cost every session a probe timeout and a reconnect.
 */
export function decidePipelining(
  mode: PipeliningMode,
  advertised: boolean,
  refusedRecently: boolean,
): PipeliningDecision {
  if (mode === 'off') return 'off';
  if (advertised) return 'advertised';
  if (mode === 'auto') return 'off';
  return refusedRecently ? 'refused' : 'probe';
}
