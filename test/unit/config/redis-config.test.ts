import { describe, expect, test } from 'vitest';
import { parseConfigObject } from '../../../src/config/index.js';
import { BASE_CONFIG, configErrorOf } from './config-fixtures.js';

function redisConfig(redis: Record<string, unknown>) {
  return parseConfigObject({ ...BASE_CONFIG, redis }).redis;
}

function redisIssues(redis: Record<string, unknown>) {
  return configErrorOf(() => parseConfigObject({ ...BASE_CONFIG, redis })).issues;
}

const SENTINELS = [
  { host: 's1.internal', port: 26379 },
  { host: 's2.internal', port: 26379 },
];

describe('redis: where Redis is', () => {
  test('sentinels with a master name, and their passwords', () => {
    expect(
      redisConfig({ sentinels: SENTINELS, name: 'mymaster', password: 'pw', sentinelPassword: 'spw' }),
    ).toEqual({
      target: {
        kind: 'sentinel',
        sentinels: SENTINELS,
        name: 'mymaster',
        password: 'pw',
        sentinelPassword: 'spw',
      },
      prefix: 'popdesk',
      minReplicas: 0,
      minReplicasTimeout: 10_000,
    });
  });

  test('a cluster makes the prefix a hash tag, so every popdesk and BullMQ key shares one slot', () => {
    const redis = redisConfig({ cluster: [{ host: 'n1', port: 7000 }], prefix: 'desk' });
    expect(redis.target).toEqual({ kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }] });
    expect(redis.prefix).toBe('{desk}');
  });

  test('minReplicas and its timeout', () => {
    expect(redisConfig({ minReplicas: 1, minReplicasTimeout: '2s' })).toMatchObject({
      minReplicas: 1,
      minReplicasTimeout: 2000,
    });
  });

  test.each([
    [
      { url: 'redis://a:6379', sentinels: SENTINELS, name: 'm' },
      'redis.sentinels',
      'set either redis.url or redis.sentinels, not both',
    ],
    [
      { url: 'redis://a:6379', cluster: [{ host: 'n', port: 1 }] },
      'redis.cluster',
      'set either redis.url or redis.cluster, not both',
    ],
    [
      { sentinels: SENTINELS, name: 'm', cluster: [{ host: 'n', port: 1 }] },
      'redis.cluster',
      'set either redis.sentinels or redis.cluster, not both',
    ],
    [
      { sentinels: SENTINELS },
      'redis.name',
      'is required with redis.sentinels: the master name the sentinels monitor',
    ],
    [{ name: 'm' }, 'redis.name', 'applies only with redis.sentinels (got "m")'],
    [
      { url: 'redis://a:6379', password: 'pw' },
      'redis.password',
      'applies only with redis.sentinels or redis.cluster; put it in redis.url',
    ],
    [{ sentinels: [], name: 'm' }, 'redis.sentinels', 'must list at least one sentinel'],
    [{ minReplicas: 17 }, 'redis.minReplicas', 'must be between 0 and 16 (got 17)'],
  ])('%o is refused, naming the key', (redis, key, message) => {
    expect(redisIssues(redis)).toContainEqual({ key, message });
  });
});
