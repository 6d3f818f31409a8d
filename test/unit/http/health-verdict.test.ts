import { expect, test } from 'vitest';
import { healthVerdict } from '../../../src/http/health-verdict.js';

test('a loop delayed less than the bound is alive', () => {
  expect(healthVerdict(12.4, 5000)).toEqual({
    status: 200,
    body: { status: 'ok', eventLoopLagMs: 12, maxLagMs: 5000 },
  });
});

test('a loop blocked for the bound or longer is stalled: 503', () => {
  expect(healthVerdict(5000, 5000).status).toBe(503);
  expect(healthVerdict(60_000, 5000).body.status).toBe('stalled');
});
