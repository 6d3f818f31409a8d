import { expect, test } from 'vitest';
import { statusRoute } from '../../../src/http/status-route.js';

test.each([
  ['GET', '/metrics', { kind: 'metrics', headOnly: false }],
  ['HEAD', '/healthz', { kind: 'healthz', headOnly: true }],
  ['GET', '/readyz?verbose=1', { kind: 'readyz', headOnly: false }],
  ['GET', '/', { kind: 'not-found' }],
  ['GET', '/metrics/extra', { kind: 'not-found' }],
  ['GET', '/queues', { kind: 'not-found' }],
  ['POST', '/metrics', { kind: 'method-not-allowed' }],
  ['DELETE', '/readyz', { kind: 'method-not-allowed' }],
])('%s %s', (method, url, route) => {
  expect(statusRoute(method, url)).toEqual(route);
});
