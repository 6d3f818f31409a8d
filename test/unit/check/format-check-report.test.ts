import { expect, test } from 'vitest';
import { failed, passed, skipped } from '../../../src/check/check-result.js';
import { allPassed, formatCheckJson, formatCheckLines } from '../../../src/check/format-check-report.js';

const results = [
  passed('redis', 'Redis 7.0.15 reachable'),
  failed('mailbox support: login', 'login with USER/PASS was refused', 'check the password'),
  skipped('mailbox support: messages', 'login failed'),
];

test('one line per check: ok with its detail, FAIL with what is wrong and the fix', () => {
  expect(formatCheckLines(results)).toEqual([
    'ok   redis: Redis 7.0.15 reachable',
    'FAIL mailbox support: login: login with USER/PASS was refused; fix: check the password',
    'skip mailbox support: messages: login failed',
  ]);
});

test('a failure without a fix is printed without one', () => {
  expect(formatCheckLines([failed('redis', 'unreachable')])).toEqual(['FAIL redis: unreachable']);
});

test('passes only when nothing failed; skipped checks alone do not fail it', () => {
  expect(allPassed(results)).toBe(false);
  expect(allPassed([passed('redis', 'up'), skipped('x', 'y')])).toBe(true);
});

test('--json carries the verdict and every check', () => {
  const parsed = JSON.parse(formatCheckJson(results)) as { ok: boolean; checks: unknown[] };
  expect(parsed.ok).toBe(false);
  expect(parsed.checks).toHaveLength(3);
  expect(parsed.checks[1]).toEqual({
    name: 'mailbox support: login',
    status: 'fail',
    detail: 'login with USER/PASS was refused',
    fix: 'check the password',
  });
});
