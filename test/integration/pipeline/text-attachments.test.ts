import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

/** Latin-1 bytes a UTF-8 re-encoding would change: the file must arrive as the sender's bytes. */
const LOG = Buffer.from('Gerät K-4471\r\nFehler: Überhitzung bei 93 °C\r\n', 'latin1');

const RAW = Buffer.from(
  [
    'From: Jonas Mueller <jonas@example.de>',
    'To: support@example.com',
    'Subject: Kettle log attached inline',
    'Message-ID: <inline-text-file@example.de>',
    'Date: Tue, 12 Mar 2024 09:13:58 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Hello, the log of my kettle is below.',
    '--b1',
    'Content-Type: text/plain; charset=ISO-8859-1',
    'Content-Disposition: inline; filename="kettle.log.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    LOG.toString('base64'),
    '--b1--',
    '',
  ].join('\r\n'),
);

test('a text part sent inline with a file name reaches the helpdesk as that file, byte for byte', async () => {
  await env.dovecot.deliver(env.user.username, [RAW]);
  const app = await env.app();
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued);

  expect(outcomes.deadLetters).toEqual([]);
  const tickets = [...env.receiver.tickets.values()];
  expect(tickets).toHaveLength(1);
  const payload = tickets[0]!.payload;
  expect(payload.message.text).toContain('Fehler: Überhitzung bei 93 °C');
  expect(payload.attachments.map((a) => [a.filename, a.contentType, a.inline, a.size])).toEqual([
    ['kettle.log.txt', 'text/plain', true, LOG.length],
  ]);
  const file = Buffer.from(payload.attachments[0]!.contentBase64, 'base64');
  expect(file.equals(LOG)).toBe(true);
  expect(payload.attachments[0]!.sha256).toBe(createHash('sha256').update(LOG).digest('hex'));
}, 120_000);
