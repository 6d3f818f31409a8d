import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { mailWithWinmailDat } from '../../support/tnef-corpus.js';
import { writeTnef } from '../../support/tnef-writer.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

test('a mail with a winmail.dat becomes one ticket with the real files; one with broken TNEF keeps winmail.dat', async () => {
  const spreadsheet = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x0d, 0x0a, 0x00]);
  const notes = Buffer.from('Quarterly notes\r\n');
  const tnef = writeTnef([
    { title: 'QUARTE~1.XLS', longName: 'Quarterly figures – Q3.xlsx', content: spreadsheet },
    { title: 'NOTES.TXT', content: notes },
  ]);
  const broken = tnef.subarray(0, tnef.length - 20);
  await env.dovecot.deliver(env.user.username, [
    mailWithWinmailDat(tnef, 'tnef-good'),
    mailWithWinmailDat(broken, 'tnef-broken'),
  ]);
  const app = await env.app();
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued);

  expect(outcomes.deadLetters).toEqual([]);
  expect(outcomes.tickets.size).toBe(2);
  const bySubject = new Map(
    [...env.receiver.tickets.values()].map((ticket) => [ticket.payload.message.subject, ticket.payload]),
  );
  const files = (subject: string) =>
    bySubject
      .get(subject)
      ?.attachments.map((attachment) => [
        attachment.filename,
        Buffer.from(attachment.contentBase64, 'base64'),
      ]);
  expect(files('tnef-good')).toEqual([
    ['Quarterly figures – Q3.xlsx', spreadsheet],
    ['NOTES.TXT', notes],
  ]);
  expect(files('tnef-broken')).toEqual([['winmail.dat', broken]]);
  expect(bySubject.get('tnef-broken')?.message.problems).toEqual([
    expect.stringContaining('TNEF attachment winmail.dat could not be decoded'),
  ]);
}, 120_000);
