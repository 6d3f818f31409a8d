/**
 * Readers for fields of a parsed JSON answer. Each takes `unknown` and returns undefined or an
 * empty list for anything unexpected, so a changed answer shape reads as "not there". Pure.
 */

/** The value as a JSON object; undefined for anything else, arrays included. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The `key` field of an object when it is a safe integer (ids are). */
export function readNumber(value: unknown, key: string): number | undefined {
  const field = asRecord(value)?.[key];
  return typeof field === 'number' && Number.isSafeInteger(field) ? field : undefined;
}

/** The `key` field of an object when it is an array; otherwise an empty list. */
export function readArray(value: unknown, key: string): unknown[] {
  const field = asRecord(value)?.[key];
  return Array.isArray(field) ? field : [];
}
