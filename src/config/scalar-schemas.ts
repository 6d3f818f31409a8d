import { z } from 'zod';
import { DURATION_HINT, durationToMs, parseDuration } from './duration.js';
import { SIZE_HINT, sizeToBytes } from './size.js';

/** Node timers fire at once when asked to wait longer than 2^31-1 ms (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs a refinement even when other keys of the same object failed, so every problem is listed. */
export const always = (): boolean => true;

/**
 * A duration written with a unit (`30s`, `5m`), parsed to milliseconds, at least `min`.
 * A bare number is refused: `timeout: 30` could mean seconds or milliseconds.
 */
export function durationSchema(min: string) {
  const minMs = parseDuration(min);
  return z
    .string({
      error: (issue) => {
        if (issue.input === undefined || issue.input === null) return undefined;
        return typeof issue.input === 'number'
          ? `use a unit, e.g. "${issue.input}s"`
          : `must be ${DURATION_HINT}`;
      },
    })
    .transform((text, ctx) => {
      const ms = durationToMs(text);
      if (ms === undefined) ctx.addIssue({ code: 'custom', message: `must be ${DURATION_HINT}` });
      else if (ms < minMs) ctx.addIssue({ code: 'custom', message: `must be at least ${min}` });
      else if (ms > MAX_TIMER_MS) ctx.addIssue({ code: 'custom', message: 'must be at most 24d' });
      else return ms;
      return z.NEVER;
    });
}

/** A size such as `50MB`, `10MiB` or a whole byte count, parsed to bytes, at least `min`. */
export function sizeSchema(min: string) {
  const minBytes = sizeToBytes(min) ?? 0;
  const hint = `must be ${SIZE_HINT}`;
  return z
    .union([z.number(), z.string()], {
      error: (issue) => (issue.input === undefined || issue.input === null ? undefined : hint),
    })
    .transform((value, ctx) => {
      const bytes =
        typeof value === 'number' ? (Number.isSafeInteger(value) ? value : undefined) : sizeToBytes(value);
      if (bytes === undefined) ctx.addIssue({ code: 'custom', message: hint });
      else if (bytes < minBytes) ctx.addIssue({ code: 'custom', message: `must be at least ${min}` });
      else return bytes;
      return z.NEVER;
    });
}

/** A whole number from `min` to `max`, both included. */
export function integerSchema(min: number, max: number) {
  const range = `must be between ${min} and ${max}`;
  return z
    .number({
      error: (issue) =>
        issue.input === undefined || issue.input === null ? undefined : 'must be a whole number',
    })
    .int({ error: 'must be a whole number' })
    .min(min, { error: range })
    .max(max, { error: range });
}

/** `true` or `false`; YAML's `yes`/`on` are plain strings in YAML 1.2 and refused. */
export function booleanSchema() {
  return z.boolean({
    error: (issue) =>
      issue.input === undefined || issue.input === null ? undefined : 'must be true or false',
  });
}

/** Text for a protocol line (user name, password): no CR, LF or NUL, which would inject a command. */
export function singleLineSchema() {
  return z
    .string()
    .min(1)
    .regex(/^[^\r\n\0]*$/, { error: 'must not contain line breaks or NUL characters' });
}
