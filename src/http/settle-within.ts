import { CheckTimeoutError } from './errors/check-timeout-error.js';

/** `work`, or a {@link CheckTimeoutError} once `timeoutMs` passed (the work itself goes on). */
export async function settleWithin<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
