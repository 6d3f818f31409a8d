/**
 * Reads a Retry-After header (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
 * Returns milliseconds from `now`, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads "-5" as a year; an HTTP date always names its weekday and month.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
