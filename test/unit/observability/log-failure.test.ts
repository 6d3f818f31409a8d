import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/observability/create-logger.js';
import { logExpectedFailure, summarizeFailure } from '../../../src/observability/log-failure.js';

function capture(): { entries: Array<Record<string, unknown>>; destination: Writable } {
  const entries: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        entries.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { entries, destination };
}

describe('logExpectedFailure', () => {
  test('at info: the type and message, no stack', () => {
    const { entries, destination } = capture();
    const logger = createLogger({ level: 'info', destination });
    logExpectedFailure(
      logger,
      'warn',
      { mailbox: 'support' },
      new RangeError('login refused'),
      'poll failed',
    );

    expect(entries).toEqual([
      expect.objectContaining({
        level: 'warn',
        mailbox: 'support',
        msg: 'poll failed',
        error: { type: 'RangeError', message: 'login refused' },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('stack');
  });

  test('at debug: the same line, then the whole error with its stack', () => {
    const { entries, destination } = capture();
    const logger = createLogger({ level: 'debug', destination });
    logExpectedFailure(logger, 'error', {}, new Error('login refused'), 'poll failed');

    expect(entries.map((entry) => entry.level)).toEqual(['error', 'debug']);
    expect(entries[0]?.error).toEqual({ type: 'Error', message: 'login refused' });
    expect(entries[1]?.err).toEqual(
      expect.objectContaining({ message: 'login refused', stack: expect.any(String) }),
    );
  });
});

describe('summarizeFailure', () => {
  test('something thrown that is not an Error is named by its type', () => {
    expect(summarizeFailure('gone')).toEqual({ type: 'string', message: 'gone' });
  });
});
