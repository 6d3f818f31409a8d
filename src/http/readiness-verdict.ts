/** One duty /readyz looks at: `ok`, `failed` (with why), or `skipped` because what it needs is down. */
export interface ReadinessCheck {
  readonly name: string;
  readonly state: 'ok' | 'failed' | 'skipped';
  /** Why it failed or was skipped, for the person reading the body. */
  readonly detail?: string;
}

/** The answer /readyz gives. */
export interface ReadinessVerdict {
  readonly status: 200 | 503;
  readonly body: {
    readonly status: 'ready' | 'not ready';
    /** Names of the checks that failed, first the most fundamental. */
    readonly failing: readonly string[];
    readonly checks: Readonly<
      Record<string, { readonly state: ReadinessCheck['state']; readonly detail?: string }>
    >;
  };
}

/**
 * Ready only when every check passed: a failed check makes it 503 and is named in `failing`;
 * a skipped one (it could not run because another failed) is listed but not blamed.
 */
export function readinessVerdict(checks: readonly ReadinessCheck[]): ReadinessVerdict {
  const failing = checks
    .filter((check) => check.state !== 'ok' && check.state !== 'skipped')
    .map((check) => check.name);
  const ready = failing.length === 0 && checks.every((check) => check.state === 'ok');
  const entries = checks.map((check) => [
    check.name,
    { state: check.state, ...(check.detail !== undefined ? { detail: check.detail } : {}) },
  ]);
  return {
    status: ready ? 200 : 503,
    body: { status: ready ? 'ready' : 'not ready', failing, checks: Object.fromEntries(entries) },
  };
}
