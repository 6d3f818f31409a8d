import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import type { InboundMail } from '../../../src/mail/index.js';
import { parseMail } from '../../../src/mail/parser.js';
import { eventually } from '../../support/eventually.js';
import { startWorkerRig, type WorkerRig, type WorkerRigOptions } from './worker-rig.js';

let server: RedisServer;
const rigs: WorkerRig[] = [];
beforeAll(async () => {
  server = await startRedis();
});
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((rig) => rig.close()));
});
afterAll(async () => {
  await server?.stop();
});

async function rig(options: WorkerRigOptions = {}): Promise<WorkerRig> {
  const started = await startWorkerRig(server.url, options);
  rigs.push(started);
  return started;
}

function mail(headers: string, body = 'Hello'): Buffer {
  return Buffer.from(
    `${headers}Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\r\n${body}\r\n`,
  );
}

const question = mail(
  'From: Ana <ana@customer.example>\r\nTo: support@example.com\r\nSubject: The kettle leaks\r\n' +
    'Message-ID: <q1@customer.example>\r\n',
  'It leaks since Monday.',
);

/** Ana's out-of-office answering the thread of her own question (RFC 3834 section 5). */
function outOfOffice(id: string): Buffer {
  return mail(
    'From: Ana <ana@customer.example>\r\nTo: support@example.com\r\nSubject: Automatic reply: Re: The kettle leaks\r\n' +
      `Message-ID: <${id}@customer.example>\r\nIn-Reply-To: <q1@customer.example>\r\nReferences: <q1@customer.example>\r\n` +
      'Auto-Submitted: auto-replied\r\n',
    'I am out of the office until Monday.',
  );
}

/** The filter log lines of one mail: the operator's trace. */
function filterLines(rig: WorkerRig, ref: string): Record<string, unknown>[] {
  return rig.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter(
      (line) => line.ref === ref && line.level === 'info' && String(line.msg).startsWith('mail filtered'),
    );
}

test('an auto-reply to no ticket opens none: it is filtered with its raw mail byte for byte, and logged once', async () => {
  const worker = await rig();
  const raw = mail(
    'From: Bo <bo@customer.example>\r\nTo: support@example.com\r\nSubject: Out of Office\r\n' +
      'Message-ID: <ooo-lonely@customer.example>\r\nAuto-Submitted: auto-replied\r\n',
    'Away.',
  );
  const ref = await worker.accept(raw);
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });

  expect(worker.helpdesk.tickets.size).toBe(0);
  const kept = await worker.filtered.get(ref);
  expect(kept).toMatchObject({
    class: 'auto-reply',
    reason: 'auto-reply',
    signals: ['Auto-Submitted: auto-replied'],
    detail: 'an auto-reply; hygiene.autoReplies is filter',
    mailboxId: 'support',
    messageId: 'ooo-lonely@customer.example',
    subject: 'Out of Office',
    from: 'bo@customer.example',
  });
  expect(kept?.raw.equals(raw)).toBe(true);
  expect(await worker.rawMail.take(ref)).toBeNull();
  expect(filterLines(worker, ref)).toEqual([
    expect.objectContaining({
      class: 'auto-reply',
      reason: 'auto-reply',
      signals: ['Auto-Submitted: auto-replied'],
      from: 'bo@customer.example',
      subject: 'Out of Office',
    }),
  ]);
});

test('every ticket request carries the classification, for the webhook payload', async () => {
  const worker = await rig();
  expect(await worker.outcome(await worker.accept(question))).toMatchObject({ outcome: 'created' });
  expect(worker.helpdesk.tickets.get('1')?.request.classification).toEqual({ class: 'normal', signals: [] });
});

test('an auto-reply on an open ticket is filtered under autoReplies: filter (the default)', async () => {
  const worker = await rig();
  await worker.outcome(await worker.accept(question));
  const ref = await worker.accept(outOfOffice('ooo-1'));
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });
  const ticket = worker.helpdesk.tickets.get('1');
  expect([ticket?.replies.length, ticket?.notes.length]).toEqual([0, 0]);
  expect((await worker.filtered.get(ref))?.detail).toBe('an auto-reply; hygiene.autoReplies is filter');
});

test('under autoReplies: note an auto-reply on an open ticket becomes an internal note there, not a reply', async () => {
  const worker = await rig({ policy: { autoReplies: 'note' } });
  await worker.outcome(await worker.accept(question));
  const ref = await worker.accept(outOfOffice('ooo-2'));
  expect(await worker.outcome(ref)).toEqual({ outcome: 'noted', ticketId: '1' });
  const ticket = worker.helpdesk.tickets.get('1');
  expect(ticket?.replies).toHaveLength(0);
  expect(ticket?.notes.map((note) => note.mail.messageId)).toEqual(['ooo-2@customer.example']);
  expect(ticket?.notes[0]?.classification?.class).toBe('auto-reply');
  expect(await worker.ledger.ticketFor(ref)).toBe('1');
  expect(await worker.filtered.get(ref)).toBeUndefined();
});

test('an auto-reply taken in before the mail it answers waits for that ticket, then becomes a note on it', async () => {
  const worker = await rig({ policy: { autoReplies: 'note' } });
  const ref = await worker.accept(outOfOffice('ooo-early'));
  await worker.outcome(await worker.accept(question));
  expect(await worker.outcome(ref)).toEqual({ outcome: 'noted', ticketId: '1' });
  expect(worker.helpdesk.tickets.size).toBe(1);
});

test('an auto-reply to a closed ticket does not reopen it: it is filtered, saying so', async () => {
  const worker = await rig({ policy: { autoReplies: 'note' } });
  await worker.outcome(await worker.accept(question));
  worker.helpdesk.tickets.get('1')!.state = { kind: 'closed' };
  const ref = await worker.accept(outOfOffice('ooo-3'));
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });
  expect(worker.helpdesk.reopened).toEqual([]);
  expect(worker.helpdesk.tickets.get('1')?.notes).toHaveLength(0);
  expect(worker.helpdesk.tickets.size).toBe(1);
  expect((await worker.filtered.get(ref))?.detail).toBe(
    'an auto-reply to ticket 1, which is closed: it is not reopened',
  );
});

test('an auto-reply is filtered when the adapter cannot add notes, naming the adapter', async () => {
  const worker = await rig({ policy: { autoReplies: 'note' }, notes: false });
  await worker.outcome(await worker.accept(question));
  const ref = await worker.accept(outOfOffice('ooo-4'));
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });
  expect((await worker.filtered.get(ref))?.detail).toBe(
    'an auto-reply; the recording adapter cannot add internal notes',
  );
});

/**
 * A Postfix DSN (RFC 6522 multipart/report with an RFC 3464 delivery-status part) returning the headers of the helpdesk's reply to
 * Ana, as `text/rfc822-headers` (shape of test/fixtures/mail/bounce-delivery-status.eml).
 */
function bounce(id: string, inReplyTo: string): Buffer {
  return mail(
    'Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example.com (Mail Delivery System)\r\nTo: support@example.com\r\n' +
      `Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <${id}@mx.example.com>\r\n` +
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"\r\n',
    '--dsn\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n' +
      '--dsn\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; ana@customer.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n' +
      `--dsn\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <reply-${id}@helpdesk.example>\r\n` +
      `In-Reply-To: <${inReplyTo}>\r\nSubject: Re: The kettle leaks\r\n\r\n--dsn--`,
  );
}

/**
 * `parseMail`, and the returned headers a bounce reports as the parser reads them
 * (`InboundMail.reportedMail`); the parser's own reading of them lands separately, and is used
 * once it does.
 */
async function parseWithReport(raw: Buffer): Promise<InboundMail> {
  const parsed = await parseMail(raw);
  if (parsed.reportedMail !== undefined) return parsed;
  const part = /Content-Type: text\/rfc822-headers\r\n\r\n([\s\S]*?)\r\n\r\n/.exec(raw.toString('utf8'))?.[1];
  if (part === undefined) return parsed;
  const header = (name: string) => new RegExp(`^${name}: <?([^>\\r\\n]*)>?`, 'm').exec(part)?.[1];
  return {
    ...parsed,
    reportedMail: {
      messageId: header('Message-ID'),
      inReplyTo: header('In-Reply-To') === undefined ? [] : [header('In-Reply-To') as string],
      references: [],
      subject: header('Subject') ?? '',
      from: undefined,
    },
  };
}

test('a bounce of the reply to a popdesk ticket becomes a note on that ticket; MAILER-DAEMON does not join it', async () => {
  const worker = await rig({ parse: parseWithReport });
  await worker.outcome(await worker.accept(question));
  const ref = await worker.accept(bounce('dsn-1', 'q1@customer.example'));
  expect(await worker.outcome(ref)).toEqual({ outcome: 'noted', ticketId: '1' });
  expect(worker.helpdesk.tickets.get('1')?.notes[0]?.classification?.class).toBe('bounce');
  expect(worker.helpdesk.tickets.size).toBe(1);
  const people = (await worker.ledger.participantsOf(['1'])).get('1');
  expect(people?.has('ana@customer.example')).toBe(true);
  expect(people?.has('mailer-daemon@mx.example.com')).toBe(false);
});

test('a bounce whose returned mail belongs to no known ticket is filtered', async () => {
  const worker = await rig({ parse: parseWithReport });
  const ref = await worker.accept(bounce('dsn-2', 'never-seen@customer.example'));
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });
  expect(worker.helpdesk.tickets.size).toBe(0);
  expect(await worker.filtered.get(ref)).toMatchObject({
    class: 'bounce',
    reason: 'bounce',
    detail: 'a bounce whose returned mail belongs to no ticket popdesk or the helpdesk knows',
  });
});

test("the helpdesk's own mail coming back to its mailbox is a loop: filtered", async () => {
  const worker = await rig();
  const ref = await worker.accept(
    mail(
      'From: Support <support@example.com>\r\nTo: ana@customer.example\r\nSubject: [#1] We got your mail\r\n' +
        'Message-ID: <ack-1@example.com>\r\n',
    ),
  );
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });
  expect(worker.helpdesk.tickets.size).toBe(0);
  expect(await worker.filtered.get(ref)).toMatchObject({ class: 'loop', reason: 'loop' });
});

const spam = mail(
  'From: Deals <deals@spam.example>\r\nTo: support@example.com\r\nSubject: You won\r\n' +
    'Message-ID: <spam-1@spam.example>\r\nX-Spam-Flag: YES\r\n',
);

test('spam is filtered by default, and becomes a ticket under spam: deliver', async () => {
  const filtering = await rig();
  const kept = await filtering.accept(spam);
  expect(await filtering.outcome(kept)).toEqual({ outcome: 'filtered' });
  expect((await filtering.filtered.get(kept))?.reason).toBe('spam');

  const delivering = await rig({ policy: { spam: 'deliver' } });
  const ref = await delivering.accept(spam);
  expect(await delivering.outcome(ref)).toMatchObject({ outcome: 'created' });
  expect(delivering.helpdesk.tickets.get('1')?.request.classification).toEqual({
    class: 'spam',
    signals: ['X-Spam-Flag: YES'],
  });
});

test('21 new mails from one sender within the hour: 20 tickets, and the 21st filtered for the rate limit', async () => {
  const worker = await rig();
  const refs: string[] = [];
  for (let n = 0; n < 21; n += 1) {
    refs.push(
      await worker.accept(
        mail(
          `From: Flood <flood@customer.example>\r\nTo: support@example.com\r\nSubject: Order ${n}\r\nMessage-ID: <order-${n}@customer.example>\r\n`,
        ),
      ),
    );
  }
  const outcomes = await Promise.all(refs.map((ref) => worker.outcome(ref)));
  expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(20);
  const held = refs.filter((_, i) => outcomes[i]?.outcome === 'filtered');
  expect(held).toHaveLength(1);
  expect(worker.helpdesk.tickets.size).toBe(20);
  expect(await worker.filtered.get(held[0]!)).toMatchObject({
    class: 'normal',
    reason: 'rate-limit',
    detail: 'more than 20 new tickets from flood@customer.example within 1h (hygiene.rateLimit.perSender)',
  });
});

test('a filtered mail a person requeues is delivered as a normal mail, past the policy and the rate limit', async () => {
  const worker = await rig({ rateLimit: { perSender: 1 } });
  await worker.outcome(await worker.accept(question));
  const loop = mail(
    'From: Support <support@example.com>\r\nTo: support@example.com\r\nSubject: Forwarded by a colleague\r\n' +
      'Message-ID: <fwd-1@example.com>\r\n',
  );
  const ref = await worker.accept(loop);
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });
  expect(await worker.outcome(await worker.requeue(loop, ref))).toMatchObject({ outcome: 'created' });
  // Delivered, it is no longer listed as filtered.
  expect(await worker.filtered.list()).toEqual([]);

  const second = mail(
    'From: Ana <ana@customer.example>\r\nTo: support@example.com\r\nSubject: Another kettle\r\n' +
      'Message-ID: <q2@customer.example>\r\n',
  );
  expect(await worker.outcome(await worker.requeue(second))).toMatchObject({ outcome: 'created' });
  expect(worker.helpdesk.tickets.size).toBe(3);
});

test('a rerun of a job whose mail was already filtered ends as filtered, with no dead letter and no second log line', async () => {
  const worker = await rig();
  const raw = outOfOffice('ooo-rerun');
  const ref = await worker.accept(raw);
  expect(await worker.outcome(ref)).toEqual({ outcome: 'filtered' });
  // The state a crash right after the filter's MULTI leaves, run again: no raw copy, a record.
  const job = await worker.queue.getJob(ref);
  const finishedBefore = job?.finishedOn;
  await job!.retry('completed');
  await eventually('the rerun to finish', async () => {
    const again = await worker.queue.getJob(ref);
    return again?.finishedOn !== undefined && again.finishedOn !== finishedBefore;
  });
  const rerun = await worker.outcome(ref);
  expect(rerun).toEqual({ outcome: 'filtered' });
  expect(await worker.deadLetters.get(ref)).toBeUndefined();
  expect((await worker.filtered.get(ref))?.raw.equals(raw)).toBe(true);
  expect(filterLines(worker, ref)).toHaveLength(1);
});
