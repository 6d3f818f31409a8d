import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { type RedisSentinelSet, startRedisSentinels } from '../../../dev/servers/redis-sentinel.js';
import { eventually, waitUntil } from '../../support/eventually.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskRun, popdesk } from '../../support/popdesk-cli.js';
import { type TestMail, testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
let redis: RedisSentinelSet;
const runs: PopdeskRun[] = [];

beforeAll(async () => {
  [env, redis] = await Promise.all([startPipelineEnvironment(), startRedisSentinels()]);
}, 60_000);
afterEach(() => {
  redis.replica.resume();
});
afterAll(async () => {
  for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  await Promise.all([env?.stop(), redis?.stop()]);
});

function cli(args: string[]): PopdeskRun {
  const run = popdesk(args);
  runs.push(run);
  return run;
}

/** A config reaching Redis through the sentinels, with its own key prefix. */
function sentinelConfig(name: string, redisSettings: Record<string, unknown> = {}): Promise<string> {
  return env.configFile(name, {
    redis: { url: undefined, sentinels: redis.sentinels, name: redis.name, prefix: name, ...redisSettings },
  });
}

async function deliver(mails: readonly TestMail[]): Promise<void> {
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
}

/** How many tickets the receiver holds for each mail. */
function ticketCounts(mails: readonly TestMail[]): number[] {
  const subjects = [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  return mails.map((mail) => subjects.filter((subject) => subject === mail.subject).length);
}

test('without redis.minReplicas, DELE does not wait for a replica that is not keeping up', async () => {
  const mails = testMails(2, { tag: 'no-min-replicas' });
  await deliver(mails);
  redis.replica.pause();

  const result = await cli(['poll-once', '--config', await sentinelConfig('unreplicated')]).exit;

  expect(result.code).toBe(0);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
}, 60_000);

test('with redis.minReplicas: 1, mail stays in the mailbox until the replica has it', async () => {
  const mails = testMails(3, { tag: 'min-replicas' });
  await deliver(mails);
  const config = await sentinelConfig('replicated', { minReplicas: 1, minReplicasTimeout: '1s' });
  redis.replica.pause();

  const held = await cli(['poll-once', '--config', config]).exit;

  expect(held.code).toBe(1);
  expect(held.stdout).toContain('mail left on the server this poll');
  expect(held.stdout).toContain('only 0 of redis.minReplicas = 1 Redis replicas confirmed mail');
  expect(await env.dovecot.count(env.user.username)).toBe(3);

  redis.replica.resume();
  const drained = await cli(['poll-once', '--config', config]).exit;

  expect(drained.code).toBe(0);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  expect(ticketCounts(mails)).toEqual([1, 1, 1]);
}, 60_000);

test('popdesk start rides out a Sentinel failover: every mail one ticket, none left behind', async () => {
  const before = testMails(10, { tag: 'before-failover' });
  const during = testMails(10, { tag: 'during-failover' });
  const run = cli([
    'start',
    '--config',
    await sentinelConfig('failover', { minReplicas: 1, minReplicasTimeout: '2s' }),
  ]);
  await deliver(before);
  expect(await waitUntil(() => ticketCounts(before).some((count) => count > 0))).toBe(true);

  const oldMaster = redis.master.port;
  // SIGKILL mid-run; back after the sentinels promoted the replica, to be made its replica in turn.
  const crashed = redis.master.crash(5000);
  await deliver(during);
  await crashed;
  await eventually(
    'the sentinels name the replica master',
    async () => (await redis.masterPort()) === redis.replica.port,
  );

  const all = [...before, ...during];
  expect(await waitUntil(() => ticketCounts(all).every((count) => count > 0), 45_000)).toBe(true);
  await eventually('an empty mailbox', async () => (await env.dovecot.count(env.user.username)) === 0);
  run.child.kill('SIGTERM');
  const stopped = await run.exit;
  expect(stopped.code).toBe(0);
  expect(ticketCounts(all)).toEqual(all.map(() => 1));
  expect(await redis.masterPort()).not.toBe(oldMaster);
}, 90_000);
