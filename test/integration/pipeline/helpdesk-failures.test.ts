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

test('500s, then 429 with Retry-After, then 200: every ticket arrives exactly once', async () => {
  await env.restartReceiver({
    script: (_payload, n) => {
      if (n <= 8) return { status: 500, body: '{"error":"database is restarting"}' };
      if (n <= 12) return { status: 429, body: '{"error":"slow down"}', headers: { 'retry-after': '1' } };
      return undefined;
    },
  });
  const mails = testMails(6, { tag: 'flaky' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const app = await env.app({ overrides: { worker: { attempts: 5 } } });
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued);

  expect(outcomes.deadLetters).toEqual([]);
  expect(outcomes.tickets.size).toBe(6);
  const subjects = [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  expect(subjects.sort()).toEqual(mails.map((mail) => mail.subject).sort());
  const waited = env.logs.filter((line) => line.includes('helpdesk asked to wait')).length;
  expect(waited).toBeGreaterThanOrEqual(4);
});

test('a 422 ends as a dead letter holding the raw mail and the response body', async () => {
  await env.restartReceiver({
    script: (payload) =>
      payload.message.subject === 'Case rejected-1'
        ? { status: 422, body: '{"error":"requester email is invalid"}' }
        : undefined,
  });
  const mails = testMails(3, { tag: 'rejected' });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const app = await env.app();
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued);

  expect(outcomes.tickets.size).toBe(2);
  expect(outcomes.deadLetters).toHaveLength(1);
  const letter = await app.deadLetters.get(outcomes.deadLetters[0]!);
  expect(letter?.reason).toBe('helpdesk-rejected');
  expect(letter?.status).toBe(422);
  expect(letter?.responseBody).toContain('requester email is invalid');
  expect(letter?.raw.equals(mails[1]!.raw)).toBe(true);
  expect(letter?.attempts).toBe(1);
});

test('no log line of any of these runs holds the mailbox password or the webhook secret', () => {
  expect(env.logs.length).toBeGreaterThan(20);
  for (const line of env.logs) {
    expect(line).not.toContain(env.user.password);
    expect(line).not.toContain(env.secret);
  }
});
