import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { waitUntil } from '../../support/eventually.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskRun, popdesk } from '../../support/popdesk-cli.js';

let env: PipelineEnvironment;
let redis: RedisServer;
let run: PopdeskRun | undefined;

beforeAll(async () => {
  [env, redis] = await Promise.all([
    startPipelineEnvironment(),
    startRedis({ password: 'first-redis-password' }),
  ]);
});
afterAll(async () => {
  if (run?.child.exitCode === null) run.child.kill('SIGKILL');
  await redis?.stop();
  await env?.stop();
});

test('Redis refusing the password on a reconnect is logged naming redis.url, without the password', async () => {
  run = popdesk([
    'start',
    '--role',
    'worker',
    '--config',
    await env.configFile('changed', { redis: { url: redis.url } }),
  ]);
  await run.printed('popdesk running');

  // The operator rotates Redis's password and drops the clients; popdesk still has the old one.
  const admin = new Redis(redis.url);
  await admin.config('SET', 'requirepass', 'second-redis-password');
  await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
  admin.disconnect();

  const refusals = () =>
    run!.output.stdout
      .split('\n')
      .filter((line) => line.includes('Redis refused the credentials in redis.url'));
  expect(await waitUntil(() => refusals().length > 0)).toBe(true);
  expect(JSON.parse(refusals()[0]!)).toMatchObject({ level: 'error' });
  expect(refusals()[0]).toContain('WRONGPASS');
  expect(run.output.stdout).not.toContain('first-redis-password');
}, 120_000);
