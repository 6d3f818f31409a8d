import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { expect, test } from 'vitest';
import { watchRedisData } from '../../../src/app/redis-data-watch.js';
import { eventually } from '../../support/eventually.js';
import { useRedis } from '../../support/use-redis.js';

const redis = useRedis();
const WINDOW_MS = 600_000;
const NOW = new Date('2026-12-03T06:00:00.000Z');

function watch(prefix: string, intervalMs = 60_000) {
  return watchRedisData({
    redis: redis(),
    markerKey: `${prefix}:data-marker`,
    recheckKey: `${prefix}:recheck-until`,
    recheckWindowMs: WINDOW_MS,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    intervalMs,
    reinitialise: async () => undefined,
  });
}

test('a Redis without popdesk data (new, or emptied while popdesk was stopped): mails taken in for the window are looked up', async () => {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const stop = await watch(prefix);
  stop();
  expect(await redis().get(`${prefix}:recheck-until`)).toBe('2026-12-03T06:10:00.000Z');
});

test('a Redis that kept popdesk data: no window', async () => {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  await redis().set(`${prefix}:data-marker`, '2026-01-01T00:00:00.000Z');
  const stop = await watch(prefix);
  stop();
  expect(await redis().exists(`${prefix}:recheck-until`)).toBe(0);
});

test('Redis loses its data while popdesk runs: the window opens again', async () => {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  await redis().set(`${prefix}:data-marker`, '2026-01-01T00:00:00.000Z');
  const stop = await watch(prefix, 50);
  try {
    await redis().del(`${prefix}:data-marker`);
    const until = await eventually('the recheck window', () => redis().get(`${prefix}:recheck-until`));
    expect(until).toBe('2026-12-03T06:10:00.000Z');
  } finally {
    stop();
  }
});
