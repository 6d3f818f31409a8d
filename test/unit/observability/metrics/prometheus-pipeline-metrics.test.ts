import { Registry } from 'prom-client';
import { expect, test } from 'vitest';
import { deliveredKind } from '../../../../src/observability/metrics/delivered-kind.js';
import { PrometheusPipelineMetrics } from '../../../../src/observability/metrics/prometheus-pipeline-metrics.js';
import { registerStateGauges } from '../../../../src/observability/metrics/state-gauges.js';
import { statusClass } from '../../../../src/observability/metrics/status-class.js';
import { PrometheusSamples } from '../../../support/prometheus-samples.js';

async function scrape(registry: Registry): Promise<PrometheusSamples> {
  return new PrometheusSamples(await registry.metrics());
}

test('before anything happened every mailbox and kind has its series at 0', async () => {
  const registry = new Registry();
  new PrometheusPipelineMetrics(registry, ['support', 'sales']);
  const samples = await scrape(registry);
  expect(samples.typeOf('popdesk_mails_fetched_total')).toBe('COUNTER');
  expect(samples.value('popdesk_mails_fetched_total', { mailbox: 'sales' })).toBe(0);
  expect(samples.value('popdesk_last_successful_poll_timestamp_seconds', { mailbox: 'support' })).toBe(0);
  expect(samples.value('popdesk_mails_delivered_total', { kind: 'reply' })).toBe(0);
});

test('each event lands in its counter or histogram, with its labels', async () => {
  const registry = new Registry();
  const metrics = new PrometheusPipelineMetrics(registry, ['support']);
  const at = new Date('2026-12-03T05:00:00Z');
  metrics.pollSucceeded('support', { fetched: 5, queued: 4, duplicates: 1 }, 0.8, at);
  metrics.pollFailed('support', 2);
  metrics.delivered('new', 3);
  metrics.delivered('new', 4000);
  metrics.delivered('reply', 1);
  metrics.deadLettered('helpdesk-rejected');
  metrics.filtered('auto-reply', 'auto-reply');
  metrics.filtered('normal', 'rate-limit');
  metrics.helpdeskCall(201, 0.05);
  metrics.helpdeskCall(422, 0.04);
  metrics.helpdeskCall(undefined, 30);

  const samples = await scrape(registry);
  expect(samples.value('popdesk_mails_fetched_total', { mailbox: 'support' })).toBe(5);
  expect(samples.value('popdesk_mails_queued_total', { mailbox: 'support' })).toBe(4);
  expect(samples.value('popdesk_mails_duplicate_total', { mailbox: 'support' })).toBe(1);
  expect(samples.count('popdesk_poll_duration_seconds', { mailbox: 'support', result: 'ok' })).toBe(1);
  expect(samples.count('popdesk_poll_duration_seconds', { mailbox: 'support', result: 'failed' })).toBe(1);
  expect(samples.value('popdesk_last_successful_poll_timestamp_seconds', { mailbox: 'support' })).toBe(
    at.getTime() / 1000,
  );
  expect(samples.value('popdesk_mails_delivered_total', { kind: 'new' })).toBe(2);
  expect(samples.value('popdesk_mails_delivered_total', { kind: 'reply' })).toBe(1);
  expect(samples.count('popdesk_mail_age_at_delivery_seconds')).toBe(3);
  expect(samples.value('popdesk_mails_dead_lettered_total', { reason: 'helpdesk-rejected' })).toBe(1);
  expect(samples.value('popdesk_mails_filtered_total', { class: 'auto-reply', reason: 'auto-reply' })).toBe(
    1,
  );
  expect(samples.value('popdesk_mails_filtered_total', { class: 'normal', reason: 'rate-limit' })).toBe(1);
  expect(samples.count('popdesk_helpdesk_request_duration_seconds', { status: '2xx' })).toBe(1);
  expect(samples.count('popdesk_helpdesk_request_duration_seconds', { status: '4xx' })).toBe(1);
  expect(samples.count('popdesk_helpdesk_request_duration_seconds', { status: 'none' })).toBe(1);
});

test('two apps in one process keep separate counts: no global registry', async () => {
  const first = new Registry();
  const second = new Registry();
  new PrometheusPipelineMetrics(first, ['support']).deadLettered('stalled');
  new PrometheusPipelineMetrics(second, ['support']);
  expect(
    (await scrape(second)).value('popdesk_mails_dead_lettered_total', { reason: 'stalled' }),
  ).toBeUndefined();
  expect((await scrape(first)).value('popdesk_mails_dead_lettered_total', { reason: 'stalled' })).toBe(1);
});

test('state gauges read their source at scrape time, and keep the last values while it is unavailable', async () => {
  const registry = new Registry();
  let available = true;
  let waiting = 3;
  registerStateGauges(
    registry,
    {
      available: () => available,
      queueCounts: async () => ({ waiting, active: 1, delayed: 0, prioritized: 0, failed: 2 }),
      oldestWaitingSince: async () => new Date('2026-12-03T04:59:00Z'),
      deadLetters: async () => 7,
      circuitOpen: async () => true,
    },
    () => new Date('2026-12-03T05:00:00Z'),
  );
  let samples = await scrape(registry);
  expect(samples.value('popdesk_queue_jobs', { state: 'waiting' })).toBe(3);
  expect(samples.value('popdesk_queue_jobs', { state: 'failed' })).toBe(2);
  expect(samples.value('popdesk_queue_oldest_waiting_age_seconds')).toBe(60);
  expect(samples.value('popdesk_dead_letters')).toBe(7);
  expect(samples.value('popdesk_helpdesk_circuit_open')).toBe(1);

  available = false;
  waiting = 99;
  samples = await scrape(registry);
  expect(samples.value('popdesk_queue_jobs', { state: 'waiting' })).toBe(3);
});

test('status classes and delivered kinds', () => {
  expect([200, 201, 301, 404, 422, 503, undefined, 0].map(statusClass)).toEqual([
    '2xx',
    '2xx',
    '3xx',
    '4xx',
    '4xx',
    '5xx',
    'none',
    'none',
  ]);
  expect((['created', 'found', 'replied', 'noted'] as const).map(deliveredKind)).toEqual([
    'new',
    'new',
    'reply',
    'note',
  ]);
});
