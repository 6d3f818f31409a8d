import { expect, test } from 'vitest';
import { pipeliningVerdict } from '../../../src/check/pipelining-verdict.js';

test('says whether the probe passed, so an operator knows whether pipelining: probe is safe', () => {
  expect(pipeliningVerdict('probe', 'accepted')).toContain('the probe passed');
  expect(pipeliningVerdict('probe', 'accepted')).toContain('safe');
  expect(pipeliningVerdict('probe', 'refused')).toContain('the probe failed');
  expect(pipeliningVerdict('probe', 'refused')).toContain('lock-step');
});

test('an advertising server pipelines in every mode but off', () => {
  expect(pipeliningVerdict('auto', 'advertised')).toContain('advertises PIPELINING');
});

test('lock-step by choice, and lock-step for want of PIPELINING, read differently', () => {
  expect(pipeliningVerdict('off', 'off')).toContain('pipelining: off');
  expect(pipeliningVerdict('auto', 'off')).toContain('pipelining: probe would test');
});
