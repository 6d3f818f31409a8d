import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventually } from '../../support/eventually.js';
import { type FakeZammad, startFakeZammad } from '../../support/fake-zammad.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

test('Retry in BullMQ (what Bull Board does) on a dead-lettered job keeps the raw mail, then delivers from it', async () => {
  let refuse = true;
  await env.restartReceiver({
    script: () => (refuse ? { status: 422, body: '{"error":"queue is closed"}' } : undefined),
  });
  const [mail] = testMails(1, { tag: 'bull-board-retry' });
  await env.dovecot.deliver(env.user.username, [mail!.raw]);
  const app = await env.app();
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued);
  expect(outcomes.deadLetters).toHaveLength(1);
  const ref = report.queued[0]!;

  // An operator presses Retry while the helpdesk still refuses: the mail fails again.
  const job = await app.mailQueue.getJob(ref);
  const failedBefore = job!.finishedOn;
  await job!.retry();
  await eventually('the retried job to fail again', async () => {
    const again = await app.mailQueue.getJob(ref);
    return (await again?.getState()) === 'failed' && again?.finishedOn !== failedBefore;
  });
  const letter = await app.deadLetters.get(ref);
  expect(letter?.reason).toBe('helpdesk-rejected');
  expect(letter?.rawComplete).toBe(true);
  expect(letter?.raw.equals(mail!.raw)).toBe(true);

  // The helpdesk is fixed; Retry again: a ticket from the dead letter's raw mail, and the letter goes.
  refuse = false;
  await (await app.mailQueue.getJob(ref))!.retry();
  const ticketId = await eventually('a ticket for the retried mail', () => app.ledger.ticketFor(ref));
  expect(env.receiver.tickets.get(ticketId)?.payload.message.subject).toBe(mail!.subject);
  expect(await app.deadLetters.get(ref)).toBeUndefined();
});

test('two overlapping runs of one job (its lock lost while the helpdesk is slow) open one ticket', async () => {
  const token = 'zammad-token';
  const prefix = `overlap${Date.now()}`;
  let firstPost = true;
  let zammad: FakeZammad | undefined;
  const app = { current: undefined as Awaited<ReturnType<PipelineEnvironment['app']>> | undefined };
  zammad = await startFakeZammad({
    token,
    script: (request) => {
      if (request.method !== 'POST' || request.path !== '/api/v1/tickets' || !firstPost) return undefined;
      firstPost = false;
      // The first run's lock is lost while its post is on the wire (an event loop blocked, a
      // partition): BullMQ's stalled check hands the job to another run meanwhile.
      void lostLock(app.current!, prefix);
      return { delayMs: 4000 };
    },
  });
  try {
    const overrides = {
      redis: { prefix },
      helpdesk: { type: 'zammad', url: zammad.url, token, defaultGroup: 'Users' },
    };
    const [mail] = testMails(1, { tag: 'overlap' });
    await env.dovecot.deliver(env.user.username, [mail!.raw]);
    app.current = await env.app({ overrides });
    const second = await env.app({ overrides });
    await app.current.startWorkers();
    await second.startWorkers();
    const report = await app.current.pollOnce('support');
    if (report === 'locked') throw new Error('locked');
    const outcomes = await app.current.waitForOutcomes(report.queued);
    expect(outcomes.tickets.size).toBe(1);
    // Let every run of the job finish before counting.
    await eventually('the mail queue to settle', async () => {
      const counts = await app.current!.mailQueue.getJobCounts('waiting', 'active', 'delayed');
      return Object.values(counts).every((count) => count === 0);
    });
    const posts = (): number =>
      zammad!.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/tickets').length;
    // The slow post of the first run is still on the wire: wait until every post was answered.
    await eventually('every ticket post to be handled', async () => zammad!.tickets.size === posts());
    expect(zammad.tickets.size).toBe(1);
  } finally {
    await zammad.close();
  }
});

/** Deletes the BullMQ lock of the mail job that is active now, as if its renewal had stopped. */
async function lostLock(app: Awaited<ReturnType<PipelineEnvironment['app']>>, prefix: string): Promise<void> {
  const [active] = await app.mailQueue.getActive();
  if (active?.id === undefined) throw new Error('no active mail job');
  const client = new Redis(env.redis.url);
  try {
    await client.del(`${prefix}:mail:${active.id}:lock`);
  } finally {
    client.disconnect();
  }
}

test('writing the dead letter itself fails: the failed job still ends as a dead letter holding the raw mail', async () => {
  await env.restartReceiver({ script: () => ({ status: 422, body: '{"error":"no such queue"}' }) });
  try {
    const [mail] = testMails(1, { tag: 'dead-letter-fails' });
    await env.dovecot.deliver(env.user.username, [mail!.raw]);
    let failures = 1;
    const app = await env.app({
      overrides: { worker: { attempts: 1 } },
      testSeams: {
        deadLetters: (store) => {
          const add = store.add.bind(store);
          store.add = async (letter) => {
            if (failures-- > 0) throw new Error('READONLY You can not write against a read only replica.');
            return add(letter);
          };
          return store;
        },
      },
    });
    await app.startWorkers();
    const report = await app.pollOnce('support');
    if (report === 'locked') throw new Error('locked');
    const outcomes = await app.waitForOutcomes(report.queued, { deadline: Date.now() + 45_000 });
    expect(outcomes.deadLetters).toEqual(report.queued);
    const letter = await app.deadLetters.get(report.queued[0]!);
    expect(letter?.reason).toBe('unexpected-error');
    expect(letter?.detail).toContain('READONLY');
    expect(letter?.raw.equals(mail!.raw)).toBe(true);
    expect(letter?.subject).toBe(mail!.subject);
  } finally {
    await env.restartReceiver();
  }
});

test('a raw copy whose job is gone (Redis lost it, or a person removed it) becomes a dead letter', async () => {
  const [mail] = testMails(1, { tag: 'orphan' });
  await env.dovecot.deliver(env.user.username, [mail!.raw]);
  const overrides = { redis: { prefix: `orphan${Date.now()}` } };
  const poller = await env.app({ overrides });
  const report = await poller.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const ref = report.queued[0]!;
  await (await poller.mailQueue.getJob(ref))!.remove();

  // A worker process starting later than the orphan grace (10 minutes) after the intake.
  const later = await env.app({ overrides, deps: { now: () => new Date(Date.now() + 11 * 60_000) } });
  await later.startWorkers();
  const letter = await eventually('a dead letter for the orphaned raw mail', () =>
    later.deadLetters.get(ref),
  );
  expect(letter.reason).toBe('orphaned');
  expect(letter.raw.equals(mail!.raw)).toBe(true);
  expect(letter.subject).toBe(mail!.subject);
  expect(await later.rawMail.take(ref)).toBeNull();
});
