/**
 * Wraps `run` so that calls made while one is pending share its promise, and the next call
 * after it settles starts a fresh run. Token providers use it so overlapping POP3 sessions
 * cause one token request, not one each.
 */
export function shareInFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
