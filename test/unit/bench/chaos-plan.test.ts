import { describe, expect, it } from 'vitest';
import { planChaos } from '../../../bench/chaos/chaos-plan.js';

describe('planChaos', () => {
  it('kills as often as asked, restarts Redis once, cuts POP3 once and delivers every mail once', () => {
    const plan = planChaos(42, 24, 1000, 2, true);
    const loops = plan.filter((event) => event.kind === 'crash-loop');
    expect(loops).toHaveLength(1);
    for (const freeze of plan.filter((event) => event.kind === 'freeze'))
      expect(loops[0]?.atMs).toBeGreaterThan(freeze.atMs + freeze.forMs);
    expect(plan.filter((event) => event.kind === 'kill')).toHaveLength(24);
    const freezes = plan.filter((event) => event.kind === 'freeze');
    expect(freezes).toHaveLength(2);
    // Longer than BullMQ's 30 s job lock, or no other process would take the work over.
    for (const freeze of freezes) {
      expect(freeze.forMs).toBeGreaterThan(30_000);
      const killsDuring = plan.filter(
        (event) =>
          event.kind === 'kill' &&
          event.role === freeze.role &&
          event.atMs >= freeze.atMs &&
          event.atMs <= freeze.atMs + freeze.forMs,
      );
      expect(killsDuring).toEqual([]);
    }
    expect(plan.filter((event) => event.kind === 'restart-redis')).toHaveLength(1);
    expect(plan.filter((event) => event.kind === 'cut-pop3')).toHaveLength(1);
    const delivered = plan.flatMap((event) =>
      event.kind === 'deliver' ? Array.from({ length: event.count }, (_, i) => event.from + i) : [],
    );
    expect(delivered).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is in time order and the same for the same seed', () => {
    const plan = planChaos(7, 20, 200);
    expect(plan.map((event) => event.atMs)).toEqual(
      [...plan.map((event) => event.atMs)].sort((a, b) => a - b),
    );
    expect(planChaos(7, 20, 200)).toEqual(plan);
    expect(planChaos(8, 20, 200)).not.toEqual(plan);
  });

  it('delivers mail before the last kill, so the kills land while mail flows', () => {
    const plan = planChaos(3, 20, 500);
    const lastKill = Math.max(...plan.filter((event) => event.kind === 'kill').map((event) => event.atMs));
    const lastDelivery = Math.max(
      ...plan.filter((event) => event.kind === 'deliver').map((event) => event.atMs),
    );
    expect(lastDelivery).toBeLessThan(lastKill);
  });
});
