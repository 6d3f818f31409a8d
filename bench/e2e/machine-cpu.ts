import { readFileSync } from 'node:fs';

/** CPU time of the whole machine so far, from /proc/stat, in clock ticks. */
export interface MachineCpu {
  readonly busy: number;
  readonly total: number;
}

/** Reads the machine's CPU counters: everything but idle and iowait counts as busy. */
export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** How many CPUs were busy on average between two readings, out of `cpus`. */
export function cpusBusyBetween(before: MachineCpu, after: MachineCpu, cpus: number): number {
  const total = after.total - before.total;
  return total <= 0 ? 0 : ((after.busy - before.busy) / total) * cpus;
}
