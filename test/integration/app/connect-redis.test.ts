import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { freePort } from '../../../dev/servers/free-port.js';
import { startRedis } from '../../../dev/servers/redis-server.js';
import { connectRedis } from '../../../src/app/connect-redis.js';
import { RedisAuthError } from '../../../src/app/errors/redis-auth-error.js';
import { RedisConnectionError } from '../../../src/app/errors/redis-connection-error.js';
import { RedisUnreachableError } from '../../../src/app/errors/redis-unreachable-error.js';
import { createLogger } from '../../../src/observability/create-logger.js';

class StopWaiting extends Error {}

function capture(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

test('a service waits for Redis with doubling delays, capped, logging one line per attempt', async () => {
  const url = `redis://:a-password@127.0.0.1:${await freePort()}`;
  const { logger, lines } = capture();
  const delays: number[] = [];
  const waiting = connectRedis({
    target: { kind: 'url', url },
    patience: { kind: 'wait', maxDelayMs: 30_000 },
    logger,
    random: () => 1,
    sleep: async (ms) => {
      delays.push(ms);
      if (delays.length === 8) throw new StopWaiting();
    },
  });
  await expect(waiting).rejects.toBeInstanceOf(StopWaiting);
  expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  expect(lines).toHaveLength(8);
  const first = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(first).toMatchObject({
    level: 'warn',
    attempt: 1,
    retryInMs: 500,
    msg: 'Redis is unreachable; retrying',
  });
  expect(first.redis).toBe(url.replace('a-password', '[redacted]'));
  expect(String(first.err)).toContain('ECONNREFUSED');
});

test('a one-shot command gives up before its deadline would pass, naming redis.url and the cause', async () => {
  const url = `redis://127.0.0.1:${await freePort()}`;
  let clock = 0;
  const failure = await connectRedis({
    target: { kind: 'url', url },
    patience: { kind: 'give-up', deadlineMs: 10_000 },
    now: () => clock,
    random: () => 1,
    sleep: async (ms) => {
      clock += ms;
    },
  }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(RedisUnreachableError);
  expect(failure).toBeInstanceOf(RedisConnectionError);
  // 500 + 1000 + 2000 + 4000 = 7500 ms waited; the next 8000 ms would pass the deadline.
  expect((failure as Error).message).toBe(
    `cannot reach Redis at redis.url = ${url} (tried for 8 s): connect ECONNREFUSED 127.0.0.1:${new URL(url).port}`,
  );
  expect((failure as Error).cause).toBeInstanceOf(Error);
});

test.each([
  ['a wrong password', ':not-the-password@'],
  ['no password', ''],
])('%s for a Redis that wants one fails at once, without retrying', async (_case, credentials) => {
  const server = await startRedis({ password: 'the-password' });
  try {
    const sleeps: number[] = [];
    const failure = await connectRedis({
      target: { kind: 'url', url: `redis://${credentials}127.0.0.1:${server.port}` },
      patience: { kind: 'wait', maxDelayMs: 30_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RedisAuthError);
    expect(sleeps).toEqual([]);
    expect((failure as Error).message).toContain('redis.url');
    expect((failure as Error).message).not.toContain('not-the-password');
  } finally {
    await server.stop();
  }
});
