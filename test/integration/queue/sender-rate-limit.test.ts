import { Redis } from 'ioredis';
import { afterAll, beforeEach, expect, test } from 'vitest';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import { type RateLimitSettings, SenderRateLimit } from '../../../src/queue/sender-rate-limit.js';
import { useRedis } from '../../support/use-redis.js';

const HOUR = 3_600_000;
const redis = useRedis();
const others: Redis[] = [];
let clock: number;
let prefix: string;
let run = 0;

beforeEach(() => {
  clock = Date.parse('2026-12-01T10:00:00Z');
  run += 1;
  prefix = `rate-${run}`;
});
afterAll(() => {
  for (const client of others) client.disconnect();
});

function limiter(settings: Partial<RateLimitSettings> = {}, client: Redis = redis()): SenderRateLimit {
  return new SenderRateLimit(
    client,
    new RedisKeys(prefix),
    { perSender: 20, perDomain: 0, windowMs: HOUR, ...settings },
    () => new Date(clock),
  );
}

test('the 21st new ticket from one address within the hour is held, naming the address and the limit', async () => {
  const limit = limiter();
  const verdicts = [];
  for (let n = 0; n < 21; n += 1) {
    clock += 1000;
    verdicts.push(await limit.admit(`m${n}`, 'Ana@Example.com'));
  }
  expect(verdicts.slice(0, 20).every((verdict) => !verdict.held)).toBe(true);
  expect(verdicts[20]).toEqual({
    held: true,
    by: 'address',
    sender: 'ana@example.com',
    limit: 20,
    windowMs: HOUR,
  });
  expect((await limit.admit('other', 'bo@example.com')).held).toBe(false);
});

test('a retried mail gets the verdict it got before, and is not counted twice', async () => {
  const limit = limiter({ perSender: 2 });
  expect((await limit.admit('a', 'ana@example.com')).held).toBe(false);
  expect((await limit.admit('a', 'ana@example.com')).held).toBe(false);
  expect((await limit.admit('b', 'ana@example.com')).held).toBe(false);
  expect((await limit.admit('c', 'ana@example.com')).held).toBe(true);
  // The window slides past the first mails; the held one's retry stays held all the same.
  clock += HOUR / 2;
  expect((await limit.admit('c', 'ana@example.com')).held).toBe(true);
  expect((await limit.admit('a', 'ana@example.com')).held).toBe(false);
});

test('two workers admitting at once let exactly the limit through', async () => {
  const second = new Redis(redis().options);
  others.push(second);
  const [one, two] = [limiter(), limiter({}, second)];
  const verdicts = await Promise.all(
    Array.from({ length: 50 }, (_, n) => (n % 2 === 0 ? one : two).admit(`m${n}`, 'storm@example.com')),
  );
  expect(verdicts.filter((verdict) => !verdict.held)).toHaveLength(20);
});

test('held mails count toward the window: a storm that goes on stays held', async () => {
  const limit = limiter({ perSender: 3 });
  for (let n = 0; n < 3; n += 1)
    expect((await limit.admit(`first-${n}`, 'ooo@example.com')).held).toBe(false);
  // Every 10 minutes another one for 2 hours: the window never empties.
  for (let n = 0; n < 12; n += 1) {
    clock += 10 * 60_000;
    expect((await limit.admit(`later-${n}`, 'ooo@example.com')).held).toBe(true);
  }
  // An hour of quiet, and the sender may open tickets again.
  clock += HOUR;
  expect((await limit.admit('after', 'ooo@example.com')).held).toBe(false);
});

test('the domain limit counts every address of the domain; off (0) by default', async () => {
  const byDomain = limiter({ perSender: 0, perDomain: 3 });
  const verdicts = [];
  for (let n = 0; n < 4; n += 1) verdicts.push(await byDomain.admit(`d${n}`, `person${n}@shop.example`));
  expect(verdicts.map((verdict) => verdict.held)).toEqual([false, false, false, true]);
  expect(verdicts[3]).toMatchObject({ by: 'domain', sender: 'shop.example', limit: 3 });

  const byAddress = limiter({ perSender: 1 });
  expect((await byAddress.admit('x1', 'one@big.example')).held).toBe(false);
  expect((await byAddress.admit('x2', 'two@big.example')).held).toBe(false);
});

test('a mail without a From address, or with every limit off, is never held', async () => {
  const off = limiter({ perSender: 0, perDomain: 0 });
  const strict = limiter({ perSender: 1 });
  for (let n = 0; n < 3; n += 1) {
    expect((await off.admit(`o${n}`, 'ana@example.com')).held).toBe(false);
    expect((await strict.admit(`u${n}`, undefined)).held).toBe(false);
  }
});
