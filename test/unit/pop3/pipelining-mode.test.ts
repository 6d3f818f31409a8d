import { describe, expect, test } from 'vitest';
import { decidePipelining, type PipeliningMode } from '../../../src/pop3/pipelining-mode.js';

describe('decidePipelining, after the CAPA that follows login', () => {
  // [mode, CAPA lists PIPELINING, probe failed on this host recently, decision]
  const rows: Array<[PipeliningMode, boolean, boolean, ReturnType<typeof decidePipelining>]> = [
    ['auto', true, false, 'advertised'],
    // Outlook.com's CAPA: TOP UIDL SASL PLAIN USER (FACTS.md). auto never guesses.
    ['auto', false, false, 'off'],
    ['auto', false, true, 'off'],
    ['off', true, false, 'off'],
    ['off', false, false, 'off'],
    // An advertising server needs no probe, even after a bad experience with another port's server.
    ['probe', true, true, 'advertised'],
    ['probe', false, false, 'probe'],
    ['probe', false, true, 'refused'],
  ];
  for (const [mode, advertised, refused, decision] of rows) {
    test(`${mode}, ${advertised ? 'advertised' : 'not advertised'}, ${refused ? 'refused recently' : 'no failure on record'}: ${decision}`, () => {
      expect(decidePipelining(mode, advertised, refused)).toBe(decision);
    });
  }
});
