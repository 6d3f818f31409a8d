import { describe, expect, test } from 'vitest';
import { escapeForPretty } from '../../../src/observability/escape-for-pretty.js';

describe('escapeForPretty', () => {
  test('control, C1 and bidi characters in values and keys are spelled out, the rest is kept', () => {
    const line = `${JSON.stringify({ msg: 'Subject \x1b[2J\nforged line \u202Efdp.exe', 'k\x9b': [1, 'a\x07'] })}\n`;
    const escaped = escapeForPretty(line);
    expect(escaped.endsWith('\n')).toBe(true);
    expect(JSON.parse(escaped)).toEqual({
      msg: 'Subject \\u001b[2J\\u000aforged line \\u202efdp.exe',
      'k\\u009b': [1, 'a\\u0007'],
    });
  });

  test('a line that is not JSON is passed on with its controls spelled out', () => {
    expect(escapeForPretty('not json \x1b]0;title\x07')).toBe('not json \\u001b]0;title\\u0007');
  });
});
