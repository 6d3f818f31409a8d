import { createHash } from 'node:crypto';
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

test('500 mixed mails, one of 10 MB, become exactly 500 tickets with byte-identical attachments', async () => {
  const mails = testMails(500, { tag: 'bulk', hugeIndex: 250, hugeBytes: 7_500_000 });
  await env.dovecot.deliver(
    env.user.username,
    mails.map((mail) => mail.raw),
  );
  const app = await env.app({ overrides: { worker: { concurrency: 8 } } });
  await app.startWorkers();

  const started = performance.now();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('unexpectedly locked');
  const outcomes = await app.waitForOutcomes(report.queued);
  const seconds = (performance.now() - started) / 1000;

  expect(report.queued).toHaveLength(500);
  expect(outcomes.deadLetters).toEqual([]);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
  expect(env.receiver.tickets.size).toBe(500);

  const bySubject = new Map(
    [...env.receiver.tickets.values()].map((t) => [t.payload.message.subject, t.payload]),
  );
  for (const mail of mails) {
    const payload = bySubject.get(mail.subject);
    expect(payload, mail.subject).toBeDefined();
    const received = new Map(
      payload!.attachments.map((a) => [
        a.filename,
        createHash('sha256').update(Buffer.from(a.contentBase64, 'base64')).digest('hex'),
      ]),
    );
    for (const [filename, sha256] of mail.attachments) expect(received.get(filename), filename).toBe(sha256);
  }
  const latin1 = bySubject.get('Case bulk-1');
  expect(latin1?.message.text).toContain('ma facture n°1 est erronée');
  expect(latin1?.message.text).toContain('.Merci');
  // Figures for the closing note; not asserted.
  console.info(
    `500 mails in ${seconds.toFixed(1)} s = ${(500 / seconds).toFixed(0)} mails/s, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  );
});
