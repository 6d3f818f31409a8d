import { SeededRandom } from '../pop3/seeded-random.js';

/** A popdesk process of the chaos run: one poller and two workers, each its own OS process. */
export type ChaosRole = 'poller' | 'worker-1' | 'worker-2';

/** Every process the run starts, in start order. */
export const CHAOS_ROLES: readonly ChaosRole[] = ['poller', 'worker-1', 'worker-2'];

/** One thing the run does at `atMs` after the start. */
export type ChaosEvent =
  | { readonly atMs: number; readonly kind: 'deliver'; readonly from: number; readonly count: number }
  | {
      readonly atMs: number;
      readonly kind: 'kill';
      readonly role: ChaosRole;
      readonly restartAfterMs: number;
    }
  | { readonly atMs: number; readonly kind: 'restart-redis' }
  | { readonly atMs: number; readonly kind: 'cut-pop3'; readonly afterBytes: number };

/** Shortest and longest pause between two kills. */
const KILL_GAP_MS = [1500, 4000] as const;
/** How long a killed process stays dead before it is started again. */
const RESTART_AFTER_MS = [200, 1500] as const;

/**
 * The whole fault schedule of a run, decided up front from the seed so a run can be replayed.
 * Mail arrives in waves between the kills (so every kill lands while mail flows), Redis is
 * restarted once half-way, and one POP3 connection is cut mid-RETR a third of the way in.
 * Pure: the same arguments always give the same plan.
 */
export function planChaos(seed: number, kills: number, mails: number): ChaosEvent[] {
  const random = new SeededRandom(seed);
  const events: ChaosEvent[] = [];
  const killTimes: number[] = [];
  let at = 0;
  for (let i = 0; i < kills; i += 1) {
    at += random.int(KILL_GAP_MS[0], KILL_GAP_MS[1]);
    killTimes.push(at);
    events.push({
      atMs: at,
      kind: 'kill',
      role: random.pick(CHAOS_ROLES),
      restartAfterMs: random.int(RESTART_AFTER_MS[0], RESTART_AFTER_MS[1]),
    });
  }
  const waves = kills + 1;
  let delivered = 0;
  for (let wave = 0; wave < waves; wave += 1) {
    const count = Math.round(((wave + 1) * mails) / waves) - delivered;
    // Each wave lands between two kills, so mail is on its way whenever a process dies.
    const waveAt = wave === 0 ? 0 : (killTimes[wave - 1] ?? at) - random.int(300, 1000);
    if (count > 0) events.push({ atMs: Math.max(0, waveAt), kind: 'deliver', from: delivered, count });
    delivered += count;
  }
  const middle = killTimes[Math.floor(kills / 2)] ?? at;
  events.push({ atMs: middle + random.int(200, 800), kind: 'restart-redis' });
  const third = killTimes[Math.floor(kills / 3)] ?? 0;
  events.push({
    atMs: third + random.int(100, 600),
    kind: 'cut-pop3',
    afterBytes: random.int(2_000, 60_000),
  });
  return events.sort((a, b) => a.atMs - b.atMs);
}
