import { describe, expect, test } from 'vitest';
import { type CircuitTimings, decideAdmission } from '../../../src/worker/decide-admission.js';

const timings: CircuitTimings = { probeIntervalMs: 60_000, settleMs: 10_000, logIntervalMs: 300_000 };

describe('decideAdmission', () => {
  test('a closed circuit lets every mail through', () => {
    expect(decideAdmission(undefined, 1000, timings)).toEqual({ action: 'pass' });
  });

  test('an open circuit holds mail until the next probe', () => {
    const state = { openedAt: 1000, nextProbeAt: 61_000 };
    expect(decideAdmission(state, 30_000, timings)).toEqual({ action: 'hold', until: 61_000 });
  });

  test('once the probe is due, a mail may try to be the probe', () => {
    const state = { openedAt: 1000, nextProbeAt: 61_000 };
    expect(decideAdmission(state, 61_000, timings)).toEqual({ action: 'probe' });
  });

  test('mail waking just after a probe went out waits only for its answer', () => {
    const state = { openedAt: 1000, nextProbeAt: 121_000, probeAt: 61_000 };
    expect(decideAdmission(state, 61_500, timings)).toEqual({ action: 'hold', until: 71_000 });
  });

  test('after the settle time a still-open circuit holds mail until the next probe', () => {
    const state = { openedAt: 1000, nextProbeAt: 121_000, probeAt: 61_000 };
    expect(decideAdmission(state, 71_000, timings)).toEqual({ action: 'hold', until: 121_000 });
  });
});
