import { expect, test } from 'vitest';
import { describeRedisTarget, redisLocation } from '../../../src/app/describe-redis-target.js';

test('a URL is named with its password redacted', () => {
  const target = { kind: 'url', url: 'redis://:hunter2@redis.internal:6379/1' } as const;
  expect(describeRedisTarget(target)).toBe('redis.url = redis://:[redacted]@redis.internal:6379/1');
  expect(redisLocation(target)).toBe('redis://:[redacted]@redis.internal:6379/1');
});

test('sentinels and cluster nodes are named by address, never with their passwords', () => {
  const sentinel = {
    kind: 'sentinel',
    sentinels: [
      { host: 's1', port: 26379 },
      { host: 's2', port: 26380 },
    ],
    name: 'mymaster',
    password: 'hunter2',
    sentinelPassword: 'hunter3',
  } as const;
  expect(describeRedisTarget(sentinel)).toBe('redis.sentinels = s1:26379, s2:26380 (master mymaster)');
  const cluster = { kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }], password: 'hunter2' } as const;
  expect(describeRedisTarget(cluster)).toBe('redis.cluster = n1:7000');
});
