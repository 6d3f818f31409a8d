import { expect, test } from 'vitest';
import { RawMailStore } from '../../../src/queue/raw-mail-store.js';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import { useRedis } from '../../support/use-redis.js';

const redis = useRedis();

const raw = Buffer.from('Subject: hi\r\n\r\n\xff bytes stay bytes\r\n', 'latin1');

test('put, take (the copy stays), drop', async () => {
  const store = new RawMailStore(redis(), new RedisKeys('rms1'), 0);
  await store.put('m1', raw, new Date(1000));
  expect((await store.take('m1'))?.equals(raw)).toBe(true);
  expect((await store.take('m1'))?.equals(raw)).toBe(true);
  expect(await store.storedBefore(new Date(2000))).toEqual(['m1']);
  await store.drop('m1');
  expect(await store.take('m1')).toBeNull();
  expect(await store.storedBefore(new Date(2000))).toEqual([]);
});

test('retain keeps the copy with an expiry when retainRawDays is set, and drops it at once when 0', async () => {
  const keeping = new RawMailStore(redis(), new RedisKeys('rms2'), 3600);
  await keeping.put('m2', raw, new Date(1000));
  const transaction = redis().multi();
  keeping.retain('m2', transaction);
  await transaction.exec();
  expect((await keeping.take('m2'))?.equals(raw)).toBe(true);
  expect(await redis().ttl(new RedisKeys('rms2').raw('m2'))).toBeGreaterThan(3000);
  expect(await keeping.storedBefore(new Date(2000))).toEqual([]);

  const dropping = new RawMailStore(redis(), new RedisKeys('rms3'), 0);
  await dropping.put('m3', raw, new Date(1000));
  const dropNow = redis().multi();
  dropping.retain('m3', dropNow);
  await dropNow.exec();
  expect(await dropping.take('m3')).toBeNull();
});

test('storedBefore lists only copies older than the given time; storing again restarts the clock', async () => {
  const store = new RawMailStore(redis(), new RedisKeys('rms4'), 0);
  await store.put('old', raw, new Date(1000));
  await store.put('new', raw, new Date(5000));
  expect(await store.storedBefore(new Date(2000))).toEqual(['old']);
  await store.put('old', raw, new Date(6000));
  expect(await store.storedBefore(new Date(2000))).toEqual([]);
});
