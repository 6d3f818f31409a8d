import type { CheckResult } from './check-result.js';

const LABELS: Record<CheckResult['status'], string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };

/** True when no check failed (skipped ones follow a failure, so they never pass alone). */
export function allPassed(results: readonly CheckResult[]): boolean {
  return results.every((result) => result.status !== 'fail');
}

/**
 * One line per check for a person: `ok   redis: Redis 7.0.15 reachable`, or `FAIL <name>: <what
 * is wrong>; fix: <what to change>`. Pure; the caller makes the text terminal-safe.
 */
export function formatCheckLines(results: readonly CheckResult[]): string[] {
  return results.map((result) => {
    const fix = result.status === 'fail' && result.fix !== undefined ? `; fix: ${result.fix}` : '';
    return `${LABELS[result.status]} ${result.name}: ${result.detail}${fix}`;
  });
}

/** The JSON document `popdesk check --json` prints: whether all passed, and every check. */
export function formatCheckJson(results: readonly CheckResult[]): string {
  return JSON.stringify({ ok: allPassed(results), checks: results }, null, 2);
}
