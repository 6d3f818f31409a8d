const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** What a valid duration looks like, for error messages. */
export const DURATION_HINT = 'a number with a unit (ms, s, m, h, d), e.g. "30s" or "5m"';

/**
 * Reads a duration such as `500ms`, `30s`, `5m`, `1h` or `2d` into whole milliseconds.
 * Returns undefined for anything else, including a bare number: a unit is always required.
 */
export function durationToMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const [, amount, unit] = match;
  const factor = unit === undefined ? undefined : UNIT_MS[unit];
  if (amount === undefined || factor === undefined) return undefined;
  return Math.round(Number(amount) * factor);
}

/**
 * Parses a duration such as `500ms`, `30s`, `5m`, `1h` or `2d` into milliseconds.
 *
 * @throws RangeError when `text` is not a duration; the message quotes it and shows the format.
 */
export function parseDuration(text: string): number {
  const ms = durationToMs(text);
  if (ms === undefined) throw new RangeError(`"${text}" is not a duration: use ${DURATION_HINT}`);
  return ms;
}
