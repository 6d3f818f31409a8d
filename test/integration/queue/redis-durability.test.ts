import { Redis } from 'ioredis';
import { afterEach, expect, test } from 'vitest';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { checkRedisDurability } from '../../../src/queue/redis-durability.js';
import { RedisSetupError } from '../../../src/queue/redis-setup-error.js';
import { eventually } from '../../support/eventually.js';

const started: Array<{ server: RedisServer; client: Redis }> = [];
afterEach(async () => {
  for (const { server, client } of started.splice(0)) {
    client.disconnect();
    await server.stop();
  }
});

async function redisWith(options: Parameters<typeof startRedis>[0]): Promise<Redis> {
  const server = await startRedis(options);
  const client = new Redis(server.url);
  started.push({ server, client });
  return client;
}

test('a Redis that may evict keys is refused: queued mail could vanish', async () => {
  const error = await checkRedisDurability(await redisWith({ maxmemoryPolicy: 'allkeys-lru' })).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RedisSetupError);
  expect((error as Error).message).toContain('maxmemory-policy noeviction');
});

test('AOF with fsync always passes without a warning', async () => {
  const durability = await checkRedisDurability(await redisWith({ appendfsync: 'always' }));
  expect(durability.aofEnabled).toBe(true);
  expect(durability.warning).toBeUndefined();
});

test('no AOF, or a lazy fsync without WAITAOF, is reported as a warning', async () => {
  const off = await checkRedisDurability(await redisWith({ appendonly: false }));
  expect(off.warning).toMatch(/without AOF/);
  const lazy = await checkRedisDurability(await redisWith({ appendfsync: 'everysec' }));
  // Redis 7.2+ has WAITAOF, which popdesk then uses after each mail; Debian 12 ships 7.0.
  expect(lazy.warning).toEqual(lazy.waitAof ? undefined : expect.stringMatching(/appendfsync everysec/));
});

test('the replicas connected to the master are counted, for redis.minReplicas', async () => {
  const master = await startRedis();
  const replica = await startRedis({ settings: { replicaof: `127.0.0.1 ${master.port}` } });
  const client = new Redis(master.url);
  started.push({ server: master, client }, { server: replica, client: new Redis(replica.url) });
  expect(await checkRedisDurability(await redisWith({}))).toMatchObject({ replicas: 0 });
  await eventually('the replica connected', async () => (await checkRedisDurability(client)).replicas === 1);
});
