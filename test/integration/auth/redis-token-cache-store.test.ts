import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { RedisTokenCacheStore, TokenCacheStoreError } from '../../../src/auth/index.js';
import { createOutlookTokenProvider, runDeviceCodeLogin } from '../../../src/auth/msal.js';
import { FakeMicrosoftLogin } from '../../support/fake-microsoft-login.js';
import { captureLogger } from '../../unit/auth/capture-logger.js';

const CLIENT_ID = '3f1c2a9e-8d4b-4e7a-9c61-0b5d7e2f4a18';
let server: RedisServer;
let redis: Redis;
let key: string;

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  redis = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
  key = `popdesk-test:${randomUUID()}:oauth:support`;
});
afterEach(async () => {
  vi.useRealTimers();
  if (redis.status === 'ready') {
    await redis.config('SET', 'maxmemory', '0');
    await redis.del(key);
  }
  redis.disconnect();
});

describe('RedisTokenCacheStore against a real redis-server', () => {
  test('round trip: nothing, then the saved string, replaced by the next save, with no expiry', async () => {
    const store = new RedisTokenCacheStore(redis, key);

    expect(await store.load()).toBeUndefined();
    await store.save('{"generation":1}');
    expect(await store.load()).toBe('{"generation":1}');
    await store.save('{"generation":2}');
    expect(await store.load()).toBe('{"generation":2}');
    expect(await redis.ttl(key)).toBe(-1);
  });

  test('a Redis error does not carry the cache it failed to write', async () => {
    const store = new RedisTokenCacheStore(redis, key);
    const cache = JSON.stringify({ RefreshToken: { k: { secret: 'M.C552-secret-refresh-token-value' } } });
    // A full Redis with noeviction refuses writes; ioredis then attaches the SET arguments.
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    await redis.config('SET', 'maxmemory', '1');

    const error = await store.save(cache).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenCacheStoreError);
    expect((error as Error).message).toBe(`could not write the token cache to Redis key "${key}"`);
    expect(((error as Error).cause as Error).message).toMatch(/^OOM command not allowed/);
    expect(inspect(error, { showHidden: true, depth: 10 })).not.toContain('secret-refresh-token');
  });

  test('a closed connection is a store error', async () => {
    redis.disconnect();
    const error = await new RedisTokenCacheStore(redis, key).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenCacheStoreError);
  });

  test('login, then silent refresh: Redis ends up holding the rotated refresh token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const microsoft = new FakeMicrosoftLogin({ clientId: CLIENT_ID });
    const store = new RedisTokenCacheStore(redis, key);
    const refreshTokens = async () => {
      const cache = JSON.parse((await redis.get(key)) ?? '{}') as {
        RefreshToken: Record<string, { secret: string }>;
      };
      return Object.values(cache.RefreshToken).map((entity) => entity.secret);
    };
    await runDeviceCodeLogin({
      clientId: CLIENT_ID,
      tenant: 'consumers',
      store,
      networkClient: microsoft,
      prompt: () => {},
    });
    const [loginRefreshToken] = await refreshTokens();
    const provider = createOutlookTokenProvider({
      mailboxId: 'support',
      username: 'support@outlook.com',
      clientId: CLIENT_ID,
      tenant: 'consumers',
      store,
      logger: captureLogger(),
      networkClient: microsoft,
    });

    vi.setSystemTime(Date.now() + 2 * 3_600_000);
    await provider();

    const rotated = await refreshTokens();
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).not.toBe(loginRefreshToken);
    expect(microsoft.liveRefreshTokens).toEqual(new Set(rotated));
  });
});
