import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  customerMail,
  customerMessageId,
  exchangeOutOfOffice,
  gmailVacation,
  helpdeskNotificationLoop,
  postfixBounce,
  SUPPORT_ADDRESS,
  spamAssassinSpam,
} from '../../support/hygiene-mails.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

async function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return popdesk(args).exit;
}

test('a bad day in the mailbox: 10 customers get 10 tickets, a bounce becomes a note on its ticket, and the rest is filtered, listed with its reason', async () => {
  const config = await env.configFile('bad-day', { hygiene: { ownAddresses: [SUPPORT_ADDRESS] } });
  await env.dovecot.deliver(
    env.user.username,
    Array.from({ length: 10 }, (_, i) => customerMail(i + 1)),
  );
  const first = await run('poll-once', '--config', config);
  expect(first.code, first.stderr).toBe(0);
  expect(env.receiver.tickets.size).toBe(10);

  await env.dovecot.deliver(env.user.username, [
    // Customer 1 is away: her out-of-office answers the helpdesk's reply on her ticket.
    exchangeOutOfOffice(1, 'answer-1@popdesk.test'),
    gmailVacation(
      'Customer 3 <customer3@customers.example>',
      'Re: Problem number 3',
      'vac-3@customers.example',
    ),
    gmailVacation('Someone <someone@elsewhere.example>', 'On holiday', 'vac-x@elsewhere.example'),
    // The helpdesk's answer to customer 2 bounced: the report returns it, and it answers her mail.
    postfixBounce({
      messageId: 'answer-2@popdesk.test',
      references: [customerMessageId(2)],
      to: 'customer2@customers.example',
    }),
    // A bounce of a mail popdesk knows nothing about.
    postfixBounce({ messageId: 'newsletter-9@popdesk.test', references: [], to: 'gone@nowhere.example' }),
    helpdeskNotificationLoop(),
    spamAssassinSpam(),
  ]);
  const second = await run('poll-once', '--config', config);
  expect(second.code, second.stderr).toBe(0);

  const tickets = [...env.receiver.tickets.values()];
  expect(tickets).toHaveLength(10);
  expect(tickets.flatMap((ticket) => ticket.replies)).toEqual([]);
  const noted = tickets.filter((ticket) => ticket.notes.length > 0);
  expect(noted.map((ticket) => ticket.payload.message.messageId)).toEqual([customerMessageId(2)]);
  const note = noted[0]?.notes[0];
  expect(note?.event).toBe('ticket.note');
  expect(note?.message.classification.class).toBe('bounce');
  expect(note?.message.classification.signals.join('\n')).toMatch(/multipart\/report/i);

  const list = await run('filtered', 'list', '--config', config);
  expect(list.code, list.stderr).toBe(0);
  const lines = list.stdout.trim().split('\n');
  expect(lines).toHaveLength(6);
  const reasonOf = (subject: string) => lines.find((line) => line.endsWith(subject));
  expect(reasonOf('Automatic reply: [#1] Problem number 1')).toMatch(/auto-reply/);
  expect(reasonOf('Re: Problem number 3')).toMatch(/auto-reply/);
  expect(reasonOf('On holiday')).toMatch(/auto-reply/);
  expect(reasonOf('Undelivered Mail Returned to Sender')).toMatch(/bounce/);
  expect(reasonOf('[popdesk.test #7] Ticket created')).toMatch(/loop/);
  expect(reasonOf('You have won!!!')).toMatch(/spam/);
});

test('a storm of 100 auto-replies from one sender within a minute opens no ticket, even where auto-replies become notes', async () => {
  const config = await env.configFile('storm', { hygiene: { autoReplies: 'note' } });
  const before = env.receiver.tickets.size;
  await env.dovecot.deliver(
    env.user.username,
    Array.from({ length: 100 }, (_, n) =>
      gmailVacation(
        'Robot <robot@customers.example>',
        `Out of Office: Re: Ticket ${n}`,
        `storm-${n}@customers.example`,
      ),
    ),
  );
  const result = await run('poll-once', '--config', config);
  expect(result.code, result.stderr).toBe(0);
  expect(env.receiver.tickets.size).toBe(before);
  const list = await run('filtered', 'list', '--reason', 'auto-reply', '--config', config);
  expect(list.stdout.trim().split('\n')).toHaveLength(100);
});
