import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

test('two pollers on one mailbox at once: each mail becomes exactly one ticket', async () => {
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  const overrides = { redis: { prefix: 'shared' }, mailboxes: [{ ...mailbox, batchSize: 7 }] };
  const settings = env.configData(overrides);
  const [first, second] = [await env.app({ overrides: settings }), await env.app({ overrides: settings })];
  await first.startWorkers();
  await second.startWorkers();

  const refs: string[] = [];
  let locked = 0;
  for (let round = 0; round < 4; round += 1) {
    const mails = testMails(15, { tag: `round${round}` });
    await env.dovecot.deliver(
      env.user.username,
      mails.map((mail) => mail.raw),
    );
    const reports = await Promise.all([
      first.pollOnce('support'),
      second.pollOnce('support'),
      first.pollOnce('support'),
    ]);
    for (const report of reports) {
      if (report === 'locked') locked += 1;
      else refs.push(...report.queued);
    }
  }
  // Anything a locked-out round left behind is picked up by one more poll.
  const last = await first.pollOnce('support');
  if (last !== 'locked') refs.push(...last.queued);

  await first.waitForOutcomes(refs);
  expect(locked).toBeGreaterThan(0);
  expect(new Set(refs).size).toBe(60);
  const subjects = [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  expect(subjects).toHaveLength(60);
  expect(new Set(subjects).size).toBe(60);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
});
