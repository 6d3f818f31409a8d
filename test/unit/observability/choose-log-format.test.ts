import { describe, expect, test } from 'vitest';
import { chooseLogFormat } from '../../../src/observability/choose-log-format.js';

describe('chooseLogFormat', () => {
  test('auto: pretty for a person at a terminal, JSON for a pipe, a file or the journal', () => {
    expect(chooseLogFormat({ setting: 'auto', stdoutIsTerminal: true })).toBe('pretty');
    expect(chooseLogFormat({ setting: 'auto', stdoutIsTerminal: false })).toBe('json');
  });

  test('log.format json or pretty holds whatever stdout is', () => {
    expect(chooseLogFormat({ setting: 'json', stdoutIsTerminal: true })).toBe('json');
    expect(chooseLogFormat({ setting: 'pretty', stdoutIsTerminal: false })).toBe('pretty');
  });

  test('--log-format wins over log.format and the terminal', () => {
    expect(chooseLogFormat({ flag: 'json', setting: 'pretty', stdoutIsTerminal: true })).toBe('json');
    expect(chooseLogFormat({ flag: 'pretty', setting: 'auto', stdoutIsTerminal: false })).toBe('pretty');
  });
});
