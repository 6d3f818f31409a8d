import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set size in KiB. On Linux it reads `VmHWM` from /proc/self/status
 * rather than `process.resourceUsage().maxRSS`: getrusage's maximum carries over across fork and
 * exec, so a child spawned by a parent holding hundreds of MB would report the parent's size.
 */
export function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1] !== undefined) return Number(match[1]);
  } catch {
    // Not Linux: fall through to getrusage, which is right when the parent is small.
  }
  return process.resourceUsage().maxRSS;
}
