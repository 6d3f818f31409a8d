import { createHash } from 'node:crypto';
import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import {
  ZendeskAdapter,
  type ZendeskAdapterOptions,
} from '../../../../src/helpdesk/zendesk/zendesk-adapter.js';
import { readHeaderBlock } from '../../../../src/mail/header/header-block.js';
import {
  type FakeZendesk,
  type FakeZendeskOptions,
  type ScriptedResponse,
  startFakeZendesk,
} from '../../../support/fake-zendesk.js';
import { failure } from '../../../unit/helpdesk/helpdesk-failure.js';
import { readFixture } from '../../../unit/mail/read-fixture.js';
import { deliver, parsedRequest } from '../helpdesk-requests.js';

const email = 'popdesk@northwind-kettle.example';
const apiToken = 'zd-test-token-123456';
const fakes: FakeZendesk[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function fake(options: Partial<FakeZendeskOptions> = {}): Promise<FakeZendesk> {
  const started = await startFakeZendesk({ email, apiToken, groups: [360001, 360002], ...options });
  fakes.push(started);
  return started;
}

function adapter(url: string, options: Partial<ZendeskAdapterOptions> = {}): ZendeskAdapter {
  return new ZendeskAdapter({
    url,
    email,
    apiToken,
    timeoutMs: 2000,
    http: axios.create(),
    now: () => Date.parse('2026-11-26T10:00:00Z'),
    ...options,
  } as ZendeskAdapterOptions);
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const reply = (from: string, messageId: string, extra = ''): Buffer =>
  Buffer.from(
    `From: ${from}\r\nTo: support@northwind-kettle.example\r\nSubject: Re: Charged twice\r\n` +
      `Message-ID: <${messageId}>\r\nIn-Reply-To: <CAF7a1b2c3-invoice@mail.example.com>\r\n${extra}` +
      'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAny news?\r\n',
  );

describe('Zendesk adapter against a fake that follows the API reference', () => {
  test('uploads every attachment and creates the ticket from the sender', async () => {
    const server = await fake();
    const raw = readFixture('mixed-pdf-png.eml');
    const ticketRequest = await parsedRequest(raw, {
      target: '360002',
      priority: 'urgent',
      tags: ['billing'],
    });
    const { ticketId } = await adapter(server.url).createTicket(ticketRequest);

    const ticket = server.tickets.get(Number(ticketId))!;
    expect(ticket).toMatchObject({
      subject: 'Charged twice for invoice INV-2291',
      priority: 'urgent',
      groupId: 360002,
      tags: ['billing'],
      externalId: 'CAF7a1b2c3-invoice@mail.example.com',
    });
    const requester = server.users.get(ticket.requesterId);
    expect(requester).toMatchObject({ email: 'sarah.mitchell@example.com', name: 'Sarah Mitchell' });
    const [first] = ticket.comments;
    expect(first).toMatchObject({ authorId: ticket.requesterId, public: true });
    expect(first?.htmlBody).toContain('charged twice for invoice INV-2291');
    const sent = new Map(first!.attachments.map((file) => [file.filename, sha256(file.content)]));
    for (const attachment of ticketRequest.mail.attachments)
      expect(sent.get(attachment.filename)).toBe(attachment.sha256);
    expect(first!.attachments.find((file) => file.filename === 'original-headers.txt')?.content).toEqual(
      raw.subarray(0, readHeaderBlock(raw).bodyOffset),
    );
    const pdf = first!.attachments.find((file) => file.filename === 'invoice-2291.pdf');
    expect(pdf?.contentType).toBe('application/pdf');
    const create = server.requests.find((r) => r.method === 'POST' && r.path === '/api/v2/tickets');
    expect(create?.headers['idempotency-key']).toBe('m-0001');
  });

  test('CCs of the mail become email CCs', async () => {
    const server = await fake();
    const raw = Buffer.from(
      'From: Ann <ann@example.com>\r\nTo: support@example.com\r\nCc: Bob <bob@example.com>, ann@example.com\r\n' +
        'Subject: Hello\r\nMessage-ID: <cc-1@example.com>\r\n\r\nHi\r\n',
    );
    const { ticketId } = await adapter(server.url).createTicket(await parsedRequest(raw));
    expect(server.tickets.get(Number(ticketId))?.emailCcs).toEqual(['bob@example.com']);
  });

  test('a reply is a public comment authored by the sender, recorded in the audit', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    const result = await target.addReply(
      ticketId,
      await parsedRequest(
        reply('Sarah Mitchell <sarah.mitchell@example.com>', 'r1@mail.example.com'),
        { tags: [] },
        'm-2',
      ),
    );
    expect(result).toEqual({ ticketId });
    const ticket = server.tickets.get(Number(ticketId))!;
    expect(ticket.comments).toHaveLength(2);
    expect(ticket.comments[1]).toMatchObject({ authorId: ticket.requesterId, public: true });
    expect(ticket.comments[1]?.htmlBody).toContain('Any news?');
    expect(ticket.audits.at(-1)).toEqual({ popdesk_message_id: 'r1@mail.example.com' });
  });

  test('a reply from a new person creates their user and is authored by them', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    await target.addReply(
      ticketId,
      await parsedRequest(reply('Tom Berg <tom@elsewhere.example>', 'r2@elsewhere.example')),
    );
    const comment = server.tickets.get(Number(ticketId))!.comments[1]!;
    expect(server.users.get(comment.authorId)).toMatchObject({
      email: 'tom@elsewhere.example',
      name: 'Tom Berg',
    });
  });

  test('the same reply delivered twice is added once, even when its audit is on a later page', async () => {
    const server = await fake({ auditPageSize: 2 });
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    for (let n = 0; n < 3; n += 1) {
      await target.addReply(ticketId, await parsedRequest(reply('x@example.com', `filler-${n}@example.com`)));
    }
    const again = await parsedRequest(reply('Sarah <sarah.mitchell@example.com>', 'r3@mail.example.com'));
    await target.addReply(ticketId, again);
    await target.addReply(ticketId, again);
    const ticket = server.tickets.get(Number(ticketId))!;
    expect(ticket.comments).toHaveLength(5);
    expect(ticket.audits).toHaveLength(5);
  });

  test('a reply to a closed ticket becomes one follow-up, however often it is delivered', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    server.tickets.get(Number(ticketId))!.status = 'closed';
    const late = await parsedRequest(
      reply('Sarah <sarah.mitchell@example.com>', 'late@mail.example.com'),
      { tags: [] },
      'm-9',
    );
    const first = await target.addReply(ticketId, late);
    const second = await target.addReply(ticketId, late);
    expect(first.ticketId).not.toBe(ticketId);
    expect(second).toEqual(first);
    const followUp = server.tickets.get(Number(first.ticketId))!;
    expect(followUp).toMatchObject({
      viaFollowupSourceId: Number(ticketId),
      externalId: 'late@mail.example.com',
    });
    expect(followUp.comments[0]?.htmlBody).toContain('Any news?');
    expect(server.tickets.size).toBe(2);
  });

  test("a follow-up's first comment is the customer's, not the API agent's", async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    server.tickets.get(Number(ticketId))!.status = 'closed';
    const late = await parsedRequest(
      reply('Sarah <sarah.mitchell@example.com>', 'late@mail.example.com'),
      { tags: [] },
      'm-9',
    );
    const followUp = server.tickets.get(Number((await target.addReply(ticketId, late)).ticketId))!;
    const author = server.users.get(followUp.comments[0]!.authorId);
    expect(author).toMatchObject({ email: 'sarah.mitchell@example.com', role: 'end-user' });
    expect(followUp.comments[0]!.authorId).toBe(followUp.requesterId);
  });

  test.each([
    ['a route without tags keeps the closed ticket tags', [], ['billing', 'vip']],
    [
      'a route with tags adds them to the closed ticket tags',
      ['late', 'billing'],
      ['billing', 'vip', 'late'],
    ],
  ])('%s on the follow-up', async (_, routeTags, expected) => {
    const server = await fake();
    const target = adapter(server.url);
    const created = await parsedRequest(readFixture('mixed-pdf-png.eml'), { tags: ['billing'] });
    const { ticketId } = await target.createTicket(created);
    Object.assign(server.tickets.get(Number(ticketId))!, { status: 'closed', tags: ['billing', 'vip'] });
    const late = await parsedRequest(
      reply('Sarah <sarah.mitchell@example.com>', 'late@mail.example.com'),
      { tags: routeTags },
      'm-9',
    );
    const followUp = server.tickets.get(Number((await target.addReply(ticketId, late)).ticketId))!;
    expect(followUp.tags).toEqual(expected);
  });

  test('a reply already added before the ticket closed is not repeated as a follow-up', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    const answer = await parsedRequest(reply('Sarah <sarah.mitchell@example.com>', 'r4@mail.example.com'));
    await target.addReply(ticketId, answer);
    server.tickets.get(Number(ticketId))!.status = 'closed';
    expect(await target.addReply(ticketId, answer)).toEqual({ ticketId });
    expect(server.tickets.size).toBe(1);
  });

  test('a bounce becomes one internal note by the agent: introduced, its files attached, the status untouched', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    const ticket = server.tickets.get(Number(ticketId))!;
    ticket.status = 'pending';
    const bounce = {
      ...(await parsedRequest(readFixture('bounce-delivery-status.eml'), { tags: [] }, 'm-bounce')),
      classification: {
        class: 'bounce' as const,
        signals: ['From: mailer-daemon@mx.northwind-kettle.example'],
      },
    };
    expect(await target.addNote(ticketId, bounce)).toEqual({ ticketId });
    await target.addNote(ticketId, bounce);

    expect(ticket.comments).toHaveLength(2);
    const note = ticket.comments[1]!;
    expect(note.public).toBe(false);
    expect(server.users.get(note.authorId)).toMatchObject({ role: 'agent', email });
    expect(note.htmlBody).toMatch(
      /^<p><strong>Delivery failure report from mailer-daemon@mx\.northwind-kettle\.example: Undelivered Mail Returned to Sender<\/strong><\/p>/,
    );
    expect(note.htmlBody).toContain('This is the mail system at host mx.northwind-kettle.example.');
    expect(note.attachments.map((file) => file.filename)).toEqual([
      'original-headers.txt',
      'attachment-1.txt',
    ]);
    expect(ticket.audits.at(-1)).toEqual({
      popdesk_message_id: '20240321120005.9A1B2C3D4E@mx.northwind-kettle.example',
    });
    expect(ticket.status).toBe('pending');
  });

  test('a note on a closed ticket fails for good and adds nothing', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    server.tickets.get(Number(ticketId))!.status = 'closed';
    const autoReply = await parsedRequest(readFixture('out-of-office.eml'), { tags: [] }, 'm-ooo');
    expect(await failure(target.addNote(ticketId, autoReply))).toMatchObject({ retryable: false });
    expect(server.tickets.get(Number(ticketId))?.comments).toHaveLength(1);
    expect(server.tickets.size).toBe(1);
  });

  test('the same mail delivered twice through lookup-before-create opens one ticket', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const ticketRequest = await parsedRequest(readFixture('mixed-pdf-png.eml'));
    const first = await deliver(target, ticketRequest);
    const second = await deliver(target, ticketRequest);
    expect(second).toBe(first);
    expect(server.tickets.size).toBe(1);
  });

  test('a create repeated after a lost answer finds the ticket its idempotency key made', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const ticketRequest = await parsedRequest(readFixture('mixed-pdf-png.eml'));
    const first = await target.createTicket(ticketRequest);
    // The retry uploads the files again, so Zendesk refuses the reused key for another body.
    const second = await target.createTicket(ticketRequest);
    expect(second).toEqual(first);
    expect(server.tickets.size).toBe(1);
  });

  test('ticket state and reopening: solved reopens, closed stays closed', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('plain-utf8.eml')));
    const ticket = server.tickets.get(Number(ticketId))!;
    expect(await target.ticketState(ticketId)).toEqual({ kind: 'open' });
    ticket.status = 'solved';
    expect(await target.ticketState(ticketId)).toEqual({ kind: 'closed' });
    await target.reopenTicket(ticketId);
    expect(ticket.status).toBe('open');
    ticket.status = 'closed';
    expect(await target.ticketState(ticketId)).toEqual({ kind: 'closed' });
    await target.reopenTicket(ticketId);
    expect(ticket.status).toBe('closed');
    expect(await target.ticketState('999')).toEqual({ kind: 'missing' });
  });

  test('a subject pattern, when configured, names an existing ticket', async () => {
    const server = await fake();
    const { ticketId } = await adapter(server.url).createTicket(
      await parsedRequest(readFixture('plain-utf8.eml')),
    );
    expect(await adapter(server.url).ticketFromSubject(`Re: [#${ticketId}] x`)).toBeUndefined();
    const tagged = adapter(server.url, { subjectPattern: /\[#(\d+)\]/ });
    expect(await tagged.ticketFromSubject(`Re: [#${ticketId}] x`)).toBe(ticketId);
    expect(await tagged.ticketFromSubject('Re: [#777] x')).toBeUndefined();
  });
});

describe('Zendesk adapter failures', () => {
  const scripted = (response: ScriptedResponse) => () => response;

  test('a wrong token is a permanent 401', async () => {
    const server = await fake();
    const error = await failure(
      adapter(server.url, { apiToken: 'wrong' }).createTicket(
        await parsedRequest(readFixture('plain-utf8.eml')),
      ),
    );
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.responseBody).toContain("Couldn't authenticate you");
  });

  test('a reply to a ticket that does not exist is a permanent 404', async () => {
    const server = await fake();
    const error = await failure(
      adapter(server.url).addReply('4242', await parsedRequest(readFixture('plain-utf8.eml'))),
    );
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  test('422 RecordInvalid is permanent and keeps the body', async () => {
    const server = await fake();
    const error = await failure(
      adapter(server.url).createTicket(
        await parsedRequest(readFixture('plain-utf8.eml'), { target: '999', tags: [] }),
      ),
    );
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect(error.message).toContain('group_id: Group: is invalid');
    expect(JSON.parse(error.responseBody ?? '')).toMatchObject({ error: 'RecordInvalid' });
  });

  test('a reused idempotency key with no ticket behind it yet is retryable', async () => {
    const server = await fake({
      script: (seen) =>
        seen.method === 'POST' && seen.path === '/api/v2/tickets'
          ? {
              status: 400,
              body: '{"error":"IdempotentRequestError","description":"Request parameters don\'t match the given idempotency key"}',
            }
          : undefined,
    });
    const error = await failure(
      adapter(server.url).createTicket(await parsedRequest(readFixture('plain-utf8.eml'))),
    );
    expect(error).toMatchObject({ status: 400, retryable: true });
    expect(server.requests.some((r) => r.path === '/api/v2/tickets' && r.query.has('external_id'))).toBe(
      true,
    );
  });

  test('429 with Retry-After is retryable and carries the wait', async () => {
    const server = await fake({ script: scripted({ status: 429, headers: { 'retry-after': '93' } }) });
    const error = await failure(
      adapter(server.url).createTicket(await parsedRequest(readFixture('plain-utf8.eml'))),
    );
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 93_000 });
  });

  test('a 5xx is retryable', async () => {
    const server = await fake({ script: scripted({ status: 503, body: '{"error":"ServiceUnavailable"}' }) });
    const error = await failure(adapter(server.url).findTicketByMessageId('x@example.com'));
    expect(error).toMatchObject({ status: 503, retryable: true });
  });

  test('a failed upload stops the create before any ticket exists', async () => {
    const server = await fake({
      script: (seen) => (seen.path === '/api/v2/uploads' ? { status: 500, body: '{}' } : undefined),
    });
    const error = await failure(
      adapter(server.url).createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml'))),
    );
    expect(error).toMatchObject({ status: 500, retryable: true });
    expect(server.tickets.size).toBe(0);
  });

  test('an unreachable Zendesk is retryable', async () => {
    const server = await fake();
    await server.close();
    fakes.length = 0;
    const error = await failure(
      adapter(server.url).createTicket(await parsedRequest(readFixture('plain-utf8.eml'))),
    );
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
  });
});
