import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

function mail(headers: string, body: string): Buffer {
  return Buffer.from(`${headers}Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n${body}\r\n`);
}

test('a reply fetched in the same batch as its parent, even before it, lands on the parent ticket', async () => {
  const reply = mail(
    'From: Ana <ana@example.com>\r\nSubject: Re: Broken kettle\r\nMessage-ID: <r1@example.com>\r\n' +
      'In-Reply-To: <p1@example.com>\r\nReferences: <p1@example.com>\r\n',
    'Any news?',
  );
  const parent = mail(
    'From: Ana <ana@example.com>\r\nSubject: Broken kettle\r\nMessage-ID: <p1@example.com>\r\n',
    'It leaks.',
  );
  const unrelated = mail(
    'From: Bo <bo@example.com>\r\nSubject: Re: something popdesk never saw\r\nMessage-ID: <u1@example.com>\r\n' +
      'In-Reply-To: <unknown@example.com>\r\n',
    'Hello',
  );
  await env.dovecot.deliver(env.user.username, [reply, unrelated, parent]);
  const app = await env.app({ overrides: { worker: { concurrency: 8 } } });
  app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  await app.waitForOutcomes(report.queued);

  const tickets = [...env.receiver.tickets.values()];
  expect(tickets.map((ticket) => ticket.payload.message.subject).sort()).toEqual([
    'Broken kettle',
    'Re: something popdesk never saw',
  ]);
  const kettle = tickets.find((ticket) => ticket.payload.message.subject === 'Broken kettle');
  expect(kettle?.replies.map((r) => r.message.subject)).toEqual(['Re: Broken kettle']);
});
