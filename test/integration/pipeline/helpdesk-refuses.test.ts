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

const circuitTimings = { probeIntervalMs: 300, settleMs: 200, logIntervalMs: 600_000 };

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

test.each([401, 403])(
  'a helpdesk answering %i pauses delivery; once fixed, every held mail becomes one ticket and none a dead letter',
  async (status) => {
    await env.restartReceiver({ script: () => ({ status, body: '{"error":"invalid credentials"}' }) });
    const mails = testMails(3, { tag: `refused-${status}` });
    await env.dovecot.deliver(
      env.user.username,
      mails.map((mail) => mail.raw),
    );
    const app = await env.app({ deps: { circuitTimings } });
    const logsBefore = env.logs.length;
    app.startWorkers();
    const report = await app.pollOnce('support');
    if (report === 'locked') throw new Error('locked');

    // Probes keep being refused: the helpdesk has been asked several times, and no mail is condemned.
    const condemned = async () => [...(await app.deadLetters.existing(report.queued))];
    await until(async () => env.receiver.requests >= 6 || (await condemned()).length > 0);
    expect(await condemned()).toEqual([]);
    const refusals = env.logs
      .slice(logsBefore)
      .filter((line) => line.includes("refuses popdesk's credentials"));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain('"level":"error"');
    expect(refusals[0]).toContain('helpdesk.secret');

    await env.restartReceiver();
    const outcomes = await app.waitForOutcomes(report.queued);
    expect(outcomes.deadLetters).toEqual([]);
    expect(outcomes.tickets.size).toBe(3);
    const subjects = [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
    expect(subjects.sort()).toEqual(mails.map((mail) => mail.subject).sort());
    expect(env.logs.slice(logsBefore).some((line) => line.includes('delivery resumed'))).toBe(true);
    await app.close(1000);
  },
);
