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
  | { readonly atMs: number; readonly kind: 'freeze'; readonly role: ChaosRole; readonly forMs: number }
  | { readonly atMs: number; readonly kind: 'crash-loop'; readonly forMs: number }
  | { readonly atMs: number; readonly kind: 'restart-redis' }
  | { readonly atMs: number; readonly kind: 'cut-pop3'; readonly afterBytes: number };

/** Shortest and longest pause between two kills. */
const KILL_GAP_MS = [1500, 4000] as const;
/** How long a killed process stays dead before it is started again. */
const RESTART_AFTER_MS = [200, 1500] as const;
/**
 * How long a frozen process stays stopped (SIGSTOP): longer than BullMQ's 30 s job lock and
 * popdesk's 30 s poll lock, so its work is handed to another process while it still holds it,
 * as after a long GC pause, a blocked event loop or a network partition.
 */
const FREEZE_MS = [32_000, 45_000] as const;
/** A crash loop outlasts two job locks (30 s each), so a job can die with two processes. */
const CRASH_LOOP_MS = 75_000;

/**
 * The whole fault schedule of a run, decided up front from the seed so a run can be replayed.
 * Mail arrives in waves between the kills (so every kill lands while mail flows), Redis is
 * restarted once half-way, one POP3 connection is cut mid-RETR a third of the way in, and
 * `freezes` processes are stopped for a while at even intervals, and with `crashLoop` both
 * workers crash-loop once, two thirds of the way in.
 * Pure: the same arguments always give the same plan.
 */
export function planChaos(
  seed: number,
  kills: number,
  mails: number,
  freezes = 0,
  crashLoop = false,
): ChaosEvent[] {
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
  for (let i = 1; i <= freezes; i += 1) {
    const after = killTimes[Math.floor((i * kills) / (freezes + 1))] ?? at;
    events.push({
      atMs: after + random.int(100, 900),
      kind: 'freeze',
      role: random.pick(CHAOS_ROLES.filter((role) => !frozenAt(events, after).has(role))),
      forMs: random.int(FREEZE_MS[0], FREEZE_MS[1]),
    });
  }
  if (crashLoop) {
    const twoThirds = killTimes[Math.floor((2 * kills) / 3)] ?? at;
    // Not while a freeze holds a worker stopped: the loop would kill it and end the freeze early.
    const thawed = Math.max(
      0,
      ...events.flatMap((event) => (event.kind === 'freeze' ? [event.atMs + event.forMs] : [])),
    );
    events.push({
      atMs: Math.max(twoThirds, thawed) + random.int(300, 900),
      kind: 'crash-loop',
      forMs: CRASH_LOOP_MS,
    });
  }
  return events.map((event) => awayFromFrozen(event, events)).sort((a, b) => a.atMs - b.atMs);
}

/** A kill aimed at a frozen process goes to another one: the freeze must last its full time. */
function awayFromFrozen(event: ChaosEvent, events: readonly ChaosEvent[]): ChaosEvent {
  if (event.kind !== 'kill') return event;
  const frozen = frozenAt(events, event.atMs);
  if (!frozen.has(event.role)) return event;
  const start = CHAOS_ROLES.indexOf(event.role);
  const role = [1, 2]
    .map((step) => CHAOS_ROLES[(start + step) % CHAOS_ROLES.length])
    .find((candidate): candidate is ChaosRole => candidate !== undefined && !frozen.has(candidate));
  return role === undefined ? event : { ...event, role };
}

/** The roles a freeze of `events` holds stopped at `atMs`, or within a second of it. */
function frozenAt(events: readonly ChaosEvent[], atMs: number): Set<ChaosRole> {
  return new Set(
    events.flatMap((event) =>
      event.kind === 'freeze' && event.atMs - 1000 <= atMs && atMs <= event.atMs + event.forMs
        ? [event.role]
        : [],
    ),
  );
}
