const POLL_EVERY_MS = 100;

/**
 * Polls `probe` until it returns something other than undefined, null or false, and returns
 * that. Fails naming `what` after `limitMs`: a bound on a wait, not a speed assertion.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  limitMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}

/**
 * Waits until `condition` holds, checking every 100 ms for at most `limitMs`; says whether it
 * did, for tests that assert on the answer rather than fail inside the wait.
 */
export async function waitUntil(condition: () => boolean, limitMs = 40_000): Promise<boolean> {
  try {
    return await eventually('condition', async () => condition(), limitMs);
  } catch {
    return condition();
  }
}
