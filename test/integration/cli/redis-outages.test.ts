import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../../../dev/servers/free-port.js';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { waitUntil } from '../../support/eventually.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskRun, popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
const servers: RedisServer[] = [];
const runs: PopdeskRun[] = [];

beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  await Promise.all(servers.map((server) => server.stop()));
  await env?.stop();
});

/** A YAML config for the test environment's mailbox and receiver, with popdesk's Redis at `url`. */
function configFile(name: string, url: string): Promise<string> {
  return env.configFile(name, { redis: { url } });
}

function cli(args: string[]): PopdeskRun {
  const run = popdesk(args);
  runs.push(run);
  return run;
}

async function redisOn(options: Parameters<typeof startRedis>[0]): Promise<RedisServer> {
  const server = await startRedis(options);
  servers.push(server);
  return server;
}

/** Delivers mails tagged `tag` and waits until each became a ticket at the receiver. */
async function deliveredThrough(tag: string): Promise<boolean> {
  const mails = testMails(2, { tag });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const subjects = () => [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  return waitUntil(() => mails.every((mail) => subjects().includes(mail.subject)));
}

async function stop(run: PopdeskRun): Promise<{ code: number | null; stdout: string; stderr: string }> {
  run.child.kill('SIGTERM');
  return run.exit;
}

function lines(stdout: string, text: string): string[] {
  return stdout.split('\n').filter((line) => line.includes(text));
}

function expectOnlyJsonLines(stdout: string): void {
  for (const line of stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
}

test.each([
  ['poll-once', []],
  ['dead-letters', ['list']],
])(
  '%s against an unreachable Redis exits 2 naming redis.url, without its password',
  async (command, rest) => {
    const url = `redis://:hunter2-redis-password@127.0.0.1:${await freePort()}`;
    const result = await cli([command, ...rest, '--config', await configFile(`unreachable-${command}`, url)])
      .exit;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('redis.url');
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toContain('[redacted]');
    expect(result.stderr + result.stdout).not.toContain('hunter2-redis-password');
    expect(result.stderr).not.toContain('[ioredis]');
  },
);

test('a wrong Redis password names redis.url, not a raw ReplyError stack', async () => {
  const server = await redisOn({ password: 'the-right-password' });
  const url = `redis://:a-wrong-password@127.0.0.1:${server.port}`;
  for (const command of ['poll-once', 'start']) {
    const result = await cli([command, '--config', await configFile(`wrong-password-${command}`, url)]).exit;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('redis.url');
    expect(result.stderr).toContain('WRONGPASS');
    expect(result.stderr).not.toContain('ReplyError');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr + result.stdout).not.toContain('a-wrong-password');
  }
}, 120_000);

test('a Redis that may evict queued mail stops start-up with exit 2, naming the setting, without a stack', async () => {
  const server = await redisOn({ maxmemoryPolicy: 'allkeys-lru' });
  for (const command of ['poll-once', 'start']) {
    const result = await cli([command, '--config', await configFile(`evicting-${command}`, server.url)]).exit;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('maxmemory-policy noeviction');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }
}, 120_000);

test('start waits for an unreachable Redis with one JSON line per attempt, then runs once it is up', async () => {
  const port = await freePort();
  const run = cli(['start', '--config', await configFile('late-redis', `redis://127.0.0.1:${port}`)]);
  const attempts = () =>
    run.output.stdout.split('\n').filter((line) => line.includes('Redis is unreachable'));
  expect(await waitUntil(() => attempts().length >= 3)).toBe(true);
  for (const line of attempts().slice(0, 3)) {
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', redis: `redis://127.0.0.1:${port}` });
    expect(JSON.parse(line).retryInMs).toBeGreaterThan(0);
  }

  await redisOn({ port });
  expect(await deliveredThrough('late-redis')).toBe(true);
  const stopped = await stop(run);
  expect(stopped.code).toBe(0);
  expectOnlyJsonLines(stopped.stdout);
  expect(stopped.stderr).not.toContain('[ioredis]');
}, 120_000);

test('a Redis outage while running is logged once per connection, in JSON, and delivery goes on after it', async () => {
  const server = await redisOn({});
  const run = cli(['start', '--config', await configFile('outage', server.url)]);
  expect(await deliveredThrough('before-outage')).toBe(true);

  const lostBefore = lines(run.output.stdout, 'lost the connection to Redis').length;
  await server.crash(3000);
  expect(await deliveredThrough('after-outage')).toBe(true);

  const stopped = await stop(run);
  expect(stopped.code).toBe(0);
  // One line per connection (main, worker, poller), not one per reconnect attempt.
  const lost = lines(stopped.stdout, 'lost the connection to Redis').slice(lostBefore);
  expect(lost.length).toBeGreaterThan(0);
  expect(lost.length).toBeLessThanOrEqual(3);
  expect(lines(stopped.stdout, 'reconnected to Redis')).toHaveLength(lost.length);
  // AOF kept the data: no false alarm.
  expect(stopped.stdout).not.toContain('Redis lost its data');
  expectOnlyJsonLines(stopped.stdout);
  expect(stopped.stderr).not.toContain('[ioredis]');
}, 120_000);

test('a Redis that comes back empty is noticed and set up again, so mail keeps flowing', async () => {
  const server = await redisOn({ appendonly: false });
  const run = cli(['start', '--config', await configFile('empty-redis', server.url)]);
  expect(await deliveredThrough('before-loss')).toBe(true);
  // A fresh Redis is not a lost one.
  expect(run.output.stdout).not.toContain('Redis lost its data');

  // Restarted without AOF: every key is gone, the poll job schedulers included.
  await server.crash();
  expect(await waitUntil(() => run.output.stdout.includes('Redis lost its data'))).toBe(true);
  expect(await deliveredThrough('after-loss')).toBe(true);

  const stopped = await stop(run);
  expect(stopped.code).toBe(0);
  const lost = stopped.stdout.split('\n').find((line) => line.includes('Redis lost its data'));
  expect(JSON.parse(lost!)).toMatchObject({ level: 'error' });
  expectOnlyJsonLines(stopped.stdout);
  expect(stopped.stderr).not.toContain('[ioredis]');
}, 120_000);

// BullMQ answers a second close() with the first one's promise, so the forced close after the
// grace time could not cut short a close waiting on a Redis that does not answer: the process
// hung until SIGKILL. A service manager's stop must end it.
test('SIGTERM while Redis is down: start gives up after shutdown.graceTimeout and exits', async () => {
  const server = await redisOn({});
  const config = await env.configFile('sigterm-redis-down', {
    redis: { url: server.url },
    shutdown: { graceTimeout: '2s' },
  });
  const run = cli(['start', '--config', config]);
  expect(await deliveredThrough('before-sigterm')).toBe(true);
  await server.stop();
  await run.printed('lost the connection to Redis');
  const stopped = await stop(run);
  expect(stopped.code).toBe(0);
  expect(stopped.stdout).toContain('closing anyway');
}, 120_000);
