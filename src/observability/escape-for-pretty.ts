import { TERMINAL_CONTROL_CHARACTERS } from './terminal-control-characters.js';

/** Every character a terminal acts on, C0 included: pino-pretty prints values as they are. */
const ACTIVE = new RegExp(`[\\x00-\\x1f${TERMINAL_CONTROL_CHARACTERS}]`, 'g');

function visible(text: string): string {
  return text.replace(ACTIVE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return visible(value);
  if (Array.isArray(value)) return value.map(escapeValue);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [visible(key), escapeValue(inner)]),
    );
  return value;
}

/**
 * A pino JSON line made safe for pino-pretty: every string (keys too) has its control, C1 and
 * bidi characters spelled out as the six visible characters `\uXXXX`. JSON escaping alone is
 * not enough here, because pino-pretty parses the line back and prints the values raw; a line
 * feed in a Subject would otherwise start a forged log line. A line that is not JSON is passed on
 * with the same characters spelled out.
 */
export function escapeForPretty(jsonLine: string): string {
  const newline = jsonLine.endsWith('\n') ? '\n' : '';
  const body = newline === '' ? jsonLine : jsonLine.slice(0, -1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `${visible(body)}${newline}`;
  }
  return `${JSON.stringify(escapeValue(parsed))}${newline}`;
}
