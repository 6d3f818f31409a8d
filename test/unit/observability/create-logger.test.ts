import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/observability/create-logger.js';

/** What a terminal would act on in a raw log line: JSON escapes C0 itself, not these. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the output must lack
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  test('a line quoting a mail or a server holds no terminal control, and parses back to the same text', () => {
    const { lines, destination } = capture();
    const hostile = 'Subject \x1b[2J \x9b2J \x9d8;;https://evil.example\x9c \u202Efdp.exe \x7f';
    createLogger({ level: 'info', destination }).warn({ subject: hostile, 'k\u202E': 1 }, hostile);

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(ACTIVE);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(parsed.msg).toBe(hostile);
    expect(parsed.subject).toBe(hostile);
    expect(parsed['k\u202E']).toBe(1);
  });
});

describe('createLogger, pretty', () => {
  test('text for a person: the message is there, secrets are redacted and no terminal control survives', () => {
    const { lines, destination } = capture();
    const hostile = 'Subject \x1b[2J \x9b2J \u202Efdp.exe';
    createLogger({ level: 'info', destination, format: 'pretty', colorize: false }).warn(
      { subject: hostile, password: 'hunter2' },
      `mail arrived\nforged: ${hostile}`,
    );

    const text = lines.join('\n');
    expect(text).toContain('WARN');
    expect(text).toContain('mail arrived');
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(ACTIVE);
    expect(text).toContain('\\u001b[2J');
    expect(lines.some((line) => line.startsWith('forged'))).toBe(false);
  });
});
