import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RedisCluster, startRedisCluster } from '../../../dev/servers/redis-cluster.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
let cluster: RedisCluster;

beforeAll(async () => {
  [env, cluster] = await Promise.all([startPipelineEnvironment(), startRedisCluster(3, 1)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([env?.stop(), cluster?.stop()]);
});

/** Every key on every master of the cluster. */
async function clusterKeys(): Promise<string[]> {
  // Masters only: a replica's KEYS repeats its master's.
  const keys: string[] = [];
  for (const node of cluster.nodes) {
    const redis = new Redis(node);
    keys.push(...(await redis.keys('*')));
    redis.disconnect();
  }
  return keys;
}

test('poll-once against a 3-master Redis Cluster turns every mail into exactly one ticket', async () => {
  const mails = testMails(12, { tag: 'cluster' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const config = await env.configFile('cluster', {
    redis: { url: undefined, cluster: cluster.nodes, prefix: 'clustered' },
  });

  const result = await popdesk(['poll-once', '--config', config]).exit;

  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const subjects = [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  for (const mail of mails) expect(subjects.filter((subject) => subject === mail.subject)).toHaveLength(1);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  // The hash tag put every key, BullMQ's and popdesk's, in the cluster and in one slot.
  const keys = await clusterKeys();
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(key.startsWith('{clustered}:')).toBe(true);
}, 60_000);

test('with redis.minReplicas: 1, mail stays in the mailbox until the replica of its slot has it', async () => {
  const mails = testMails(2, { tag: 'cluster-replicated' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const config = await env.configFile('cluster-replicated', {
    redis: {
      url: undefined,
      cluster: cluster.nodes,
      prefix: 'waited',
      minReplicas: 1,
      minReplicasTimeout: '1s',
    },
  });
  // Only the replica of the slot popdesk's keys hash to: WAIT sent to any other master would pass.
  const replica = await cluster.replicaServing('{waited}');
  replica.pause();
  try {
    const held = await popdesk(['poll-once', '--config', config]).exit;
    expect(held.code).toBe(1);
    expect(held.stdout).toContain('only 0 of redis.minReplicas = 1 Redis replicas confirmed mail');
    expect(await env.dovecot.count(env.user.username)).toBe(2);
  } finally {
    replica.resume();
  }

  const drained = await popdesk(['poll-once', '--config', config]).exit;

  expect(drained.code).toBe(0);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  const subjects = [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  for (const mail of mails) expect(subjects.filter((subject) => subject === mail.subject)).toHaveLength(1);
}, 60_000);
