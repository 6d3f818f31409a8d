import { TimedOutError } from './timed-out-error.js';

/**
 * Resolves as `work` does, or rejects with {@link TimedOutError} once `timeoutMs` passed, so one
 * server that does not answer cannot hold up a whole report (`popdesk check`, `/readyz`). The
 * work is not cancelled; `onTimeout` lets the caller drop its connection.
 */
export async function within<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new TimedOutError(what, timeoutMs));
    }, timeoutMs);
  });
  // A late rejection of the abandoned work must not become an unhandled one.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
