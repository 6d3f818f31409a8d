import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SeededRandom } from '../pop3/seeded-random.js';
import type { ChaosRole } from './chaos-plan.js';
import type { PopdeskProcesses } from './popdesk-processes.js';

/** Longest a role's process may take to come up before the loop gives up on it. */
const START_TIMEOUT_MS = 60_000;

/**
 * A crash-looping deployment (a bad release, an OOM on every start): for `forMs`, each of
 * `roles` is SIGKILLed moments after it reports "popdesk running" and started again. The jobs
 * it took are killed mid-run; when BullMQ hands them out again after their lock expired, the
 * next process dies holding them too. Resolves the number of kills sent.
 */
export async function crashLoop(
  processes: PopdeskProcesses,
  roles: readonly ChaosRole[],
  forMs: number,
  random: SeededRandom,
  signal: AbortSignal,
  onKill: (role: ChaosRole) => void,
): Promise<number> {
  const until = performance.now() + forMs;
  let kills = 0;
  await Promise.all(
    roles.map(async (role) => {
      while (performance.now() < until && !signal.aborted) {
        if (!(await processes.whenRunning(role, START_TIMEOUT_MS))) return;
        // Long enough to take jobs and start on them, short enough to die holding them.
        await sleep(random.int(50, 600));
        if (await processes.kill(role)) {
          kills += 1;
          onKill(role);
        }
        await sleep(random.int(200, 1500));
        processes.start(role);
      }
    }),
  );
  return kills;
}
