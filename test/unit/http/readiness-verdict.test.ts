import { expect, test } from 'vitest';
import { readinessVerdict } from '../../../src/http/readiness-verdict.js';

test('every check ok: 200 ready, nothing failing', () => {
  const verdict = readinessVerdict([
    { name: 'redis', state: 'ok' },
    { name: 'worker', state: 'ok' },
    { name: 'helpdesk-circuit', state: 'ok' },
  ]);
  expect(verdict.status).toBe(200);
  expect(verdict.body.status).toBe('ready');
  expect(verdict.body.failing).toEqual([]);
  expect(Object.keys(verdict.body.checks)).toEqual(['redis', 'worker', 'helpdesk-circuit']);
});

test('Redis down: 503 naming redis only; the checks that need it are listed as skipped, with why', () => {
  const verdict = readinessVerdict([
    { name: 'redis', state: 'failed', detail: 'connection is reconnecting' },
    { name: 'poller', state: 'skipped', detail: 'needs Redis' },
    { name: 'helpdesk-circuit', state: 'skipped', detail: 'needs Redis' },
  ]);
  expect(verdict.status).toBe(503);
  expect(verdict.body.status).toBe('not ready');
  expect(verdict.body.failing).toEqual(['redis']);
  expect(verdict.body.checks.redis).toEqual({ state: 'failed', detail: 'connection is reconnecting' });
  expect(verdict.body.checks.poller?.state).toBe('skipped');
});

test('every failing check is named, in order', () => {
  const verdict = readinessVerdict([
    { name: 'redis', state: 'ok' },
    { name: 'worker', state: 'failed', detail: 'the mail worker is not running' },
    { name: 'helpdesk-circuit', state: 'failed', detail: 'open' },
  ]);
  expect(verdict.status).toBe(503);
  expect(verdict.body.failing).toEqual(['worker', 'helpdesk-circuit']);
});

test('a skipped check alone is not ready either: something it needs is missing', () => {
  expect(readinessVerdict([{ name: 'poller', state: 'skipped' }]).status).toBe(503);
});
