import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRedis } from '../../../dev/servers/redis-server.js';
import type { PopdeskApp } from '../../../src/app/popdesk-app.js';
import { eventually } from '../../support/eventually.js';
import { customerMail, gmailVacation } from '../../support/hygiene-mails.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { PrometheusSamples } from '../../support/prometheus-samples.js';

let env: PipelineEnvironment;
let app: PopdeskApp;
let base: string;

beforeAll(async () => {
  // Customer 3's mail is refused by the helpdesk: a 422, so a dead letter at once.
  env = await startPipelineEnvironment({
    script: (payload) =>
      payload.message.subject === 'Problem number 3'
        ? { status: 422, body: '{"error":"no such queue"}' }
        : undefined,
  });
  // The known run: two customers, the refused one, an auto-reply; then customer 1's mail again.
  await env.dovecot.deliver(env.user.username, [
    customerMail(1),
    customerMail(2),
    customerMail(3),
    gmailVacation('Someone <someone@elsewhere.example>', 'On holiday', 'vac-x@elsewhere.example'),
  ]);
  app = await env.app({ overrides: { http: { port: 0 } } });
  app.startWorkers();
  await app.startPoller();
  const listener = await app.startHttpServer({ poller: true, worker: true });
  base = `http://${listener.address}`;
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

async function get(path: string, method = 'GET'): Promise<Response> {
  return fetch(`${base}${path}`, { method });
}

async function scrape(): Promise<PrometheusSamples> {
  const response = await get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return new PrometheusSamples(await response.text());
}

test('/metrics counts a known run: 5 fetched, 4 queued, 1 duplicate, 2 tickets, 1 dead letter, 1 filtered', async () => {
  await eventually('every mail of the first batch ended', async () => {
    const current = await scrape();
    const ended =
      (current.value('popdesk_mails_delivered_total', { kind: 'new' }) ?? 0) +
      current.total('popdesk_mails_dead_lettered_total') +
      current.total('popdesk_mails_filtered_total');
    return ended >= 4;
  });
  // The same mail again, byte for byte (a forwarder that sent it twice): skipped as a duplicate.
  await env.dovecot.deliver(env.user.username, [customerMail(1)]);
  const samples = await eventually('the copy was polled', async () => {
    const current = await scrape();
    return current.value('popdesk_mails_duplicate_total', { mailbox: 'support' }) === 1 ? current : undefined;
  });
  const support = { mailbox: 'support' };
  expect(samples.value('popdesk_mails_fetched_total', support)).toBe(5);
  expect(samples.value('popdesk_mails_queued_total', support)).toBe(4);
  expect(samples.value('popdesk_mails_duplicate_total', support)).toBe(1);
  expect(samples.value('popdesk_mails_delivered_total', { kind: 'new' })).toBe(2);
  expect(samples.value('popdesk_mails_delivered_total', { kind: 'reply' })).toBe(0);
  expect(samples.value('popdesk_mails_dead_lettered_total', { reason: 'helpdesk-rejected' })).toBe(1);
  expect(samples.total('popdesk_mails_dead_lettered_total')).toBe(1);
  expect(samples.value('popdesk_mails_filtered_total', { class: 'auto-reply', reason: 'auto-reply' })).toBe(
    1,
  );
  expect(samples.total('popdesk_mails_filtered_total')).toBe(1);

  expect(samples.count('popdesk_mail_age_at_delivery_seconds')).toBe(2);
  expect(samples.count('popdesk_helpdesk_request_duration_seconds', { status: '2xx' })).toBe(2);
  expect(samples.count('popdesk_helpdesk_request_duration_seconds', { status: '4xx' })).toBe(1);
  expect(
    samples.count('popdesk_poll_duration_seconds', { mailbox: 'support', result: 'ok' }),
  ).toBeGreaterThan(0);
  const lastPoll = samples.value('popdesk_last_successful_poll_timestamp_seconds', support) ?? 0;
  expect(lastPoll * 1000).toBeGreaterThan(Date.now() - 10 * 60_000);

  expect(samples.value('popdesk_queue_jobs', { state: 'waiting' })).toBe(0);
  expect(samples.value('popdesk_queue_oldest_waiting_age_seconds')).toBe(0);
  expect(samples.value('popdesk_dead_letters')).toBe(1);
  expect(samples.value('popdesk_helpdesk_circuit_open')).toBe(0);
  expect(env.receiver.tickets.size).toBe(2);
});

test('/healthz answers 200 while the event loop runs; HEAD has no body', async () => {
  const response = await get('/healthz');
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
  const head = await get('/healthz', 'HEAD');
  expect(head.status).toBe(200);
  expect(await head.text()).toBe('');
});

test('unknown paths are 404 and other methods 405', async () => {
  expect((await get('/queues')).status).toBe(404);
  expect((await get('/')).status).toBe(404);
  const post = await get('/metrics', 'POST');
  expect(post.status).toBe(405);
  expect(post.headers.get('allow')).toBe('GET, HEAD');
});

test('/readyz: 200 while Redis, the poller, the worker and the helpdesk circuit are fine', async () => {
  const ready = await get('/readyz');
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({
    status: 'ready',
    failing: [],
    checks: {
      redis: { state: 'ok' },
      poller: { state: 'ok' },
      worker: { state: 'ok' },
      'helpdesk-circuit': { state: 'ok' },
    },
  });
});

test('/readyz: 503 naming redis while Redis is down, 200 again once it is back', async () => {
  // A Redis of its own, and an app running no roles: BullMQ workers cut off by a Redis crash
  // can hold up the shutdown of the app above.
  const redis = await startRedis();
  try {
    const probe = await env.app({ overrides: { redis: { url: redis.url } } });
    const listener = await probe.startHttpServer(
      { poller: false, worker: false },
      { host: '127.0.0.1', port: 0 },
    );
    const readyz = (): Promise<Response> => fetch(`http://${listener.address}/readyz`);
    await eventually('/readyz passes once the connection is up', async () => (await readyz()).status === 200);

    const outage = redis.crash(4000);
    const down = await eventually('/readyz fails while Redis is down', async () => {
      const response = await readyz();
      return response.status === 503 ? ((await response.json()) as { failing: string[] }) : undefined;
    });
    expect(down.failing).toEqual(['redis']);
    // /metrics still answers while Redis is away, from the last values.
    expect((await fetch(`http://${listener.address}/metrics`)).status).toBe(200);
    await outage;

    await eventually('/readyz passes again once Redis is back', async () => (await readyz()).status === 200);
    await probe.close(1000);
  } finally {
    await redis.stop();
  }
});
