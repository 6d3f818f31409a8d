/**
 * One line of `popdesk check`: `ok` with a short detail, `fail` with what is wrong and how to
 * fix it, or `skip` when an earlier check it depends on failed (no use logging in when the
 * host does not resolve).
 */
export interface CheckResult {
  /** What was checked, e.g. `redis`, `mailbox support: login`, `helpdesk: queue General`. */
  readonly name: string;
  readonly status: 'ok' | 'fail' | 'skip';
  /** For `ok`: what was found. For `fail`: what is wrong. For `skip`: why it was not run. */
  readonly detail: string;
  /** For `fail`: what to change. */
  readonly fix?: string;
}

/** A passing check. */
export function passed(name: string, detail: string): CheckResult {
  return { name, status: 'ok', detail };
}

/** A failing check; `fix` is left out when nothing better than the detail can be said. */
export function failed(name: string, detail: string, fix?: string): CheckResult {
  return { name, status: 'fail', detail, ...(fix !== undefined ? { fix } : {}) };
}

/** A check not run because `reason` (an earlier failure) makes it pointless. */
export function skipped(name: string, reason: string): CheckResult {
  return { name, status: 'skip', detail: reason };
}
