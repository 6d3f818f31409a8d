import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { recordingHelpdesk } from './recording-helpdesk.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

function mail(headers: string, body = 'Hello'): Buffer {
  return Buffer.from(
    `${headers}Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\r\n${body}\r\n`,
  );
}

test('PopdeskApp end to end: normal mail becomes tickets; auto-replies, a loop from the mailbox address and spam are filtered, and poll-once does not wait for them', async () => {
  const normal = [0, 1, 2].map((n) =>
    mail(
      `From: Customer ${n} <c${n}@customer.example>\r\nTo: ${env.user.username}\r\nSubject: Question ${n}\r\nMessage-ID: <e2e-q${n}@customer.example>\r\n`,
    ),
  );
  const outOfOffice = mail(
    `From: Dana <dana@customer.example>\r\nTo: ${env.user.username}\r\nSubject: Automatic reply: Question\r\n` +
      'Message-ID: <e2e-ooo@customer.example>\r\nAuto-Submitted: auto-replied\r\n',
  );
  // The mailbox's own address (its username) is an own address: its mail coming back is a loop.
  const loop = mail(
    `From: Support <${env.user.username}>\r\nTo: c0@customer.example\r\nSubject: Re: Question 0\r\nMessage-ID: <e2e-ack@example.com>\r\n`,
  );
  const spam = mail(
    `From: Deals <deals@spam.example>\r\nTo: ${env.user.username}\r\nSubject: You won\r\nMessage-ID: <e2e-spam@spam.example>\r\nX-Spam-Flag: YES\r\n`,
  );
  await env.dovecot.deliver(env.user.username, [...normal, outOfOffice, loop, spam]);
  const helpdesk = recordingHelpdesk();
  const app = await env.app({ deps: { adapter: helpdesk } });
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued, { deadline: Date.now() + 45_000 });

  expect(outcomes.pending).toEqual([]);
  expect(outcomes.tickets.size).toBe(3);
  expect([...helpdesk.tickets.values()].map((ticket) => ticket.request.mail.subject).sort()).toEqual([
    'Question 0',
    'Question 1',
    'Question 2',
  ]);
  const kept = await Promise.all((await app.filtered.list()).map((id) => app.filtered.get(id)));
  expect(kept.map((mail) => `${mail?.reason}: ${mail?.subject}`).sort()).toEqual([
    'auto-reply: Automatic reply: Question',
    'loop: Re: Question 0',
    'spam: You won',
  ]);
  expect(outcomes.filtered.sort()).toEqual(kept.map((mail) => mail?.id).sort());
});
