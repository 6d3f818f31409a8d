import { createHash } from 'node:crypto';
import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import {
  FreshdeskAdapter,
  type FreshdeskAdapterOptions,
} from '../../../../src/helpdesk/freshdesk/freshdesk-adapter.js';
import { readHeaderBlock } from '../../../../src/mail/header/header-block.js';
import {
  type FakeFreshdesk,
  type FakeFreshdeskOptions,
  type ScriptedResponse,
  startFakeFreshdesk,
} from '../../../support/fake-freshdesk.js';
import { failure } from '../../../unit/helpdesk/helpdesk-failure.js';
import { readFixture } from '../../../unit/mail/read-fixture.js';
import { deliver, parsedRequest } from '../helpdesk-requests.js';

const apiKey = 'fd-test-key-abcdef';
const FIELD = 'cf_popdesk_message_id';
const fakes: FakeFreshdesk[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function fake(options: Partial<FakeFreshdeskOptions> = {}): Promise<FakeFreshdesk> {
  const started = await startFakeFreshdesk({ apiKey, groups: [7, 8], customFields: [FIELD], ...options });
  fakes.push(started);
  return started;
}

function adapter(url: string, options: Partial<FreshdeskAdapterOptions> = {}): FreshdeskAdapter {
  return new FreshdeskAdapter({
    url,
    apiKey,
    messageIdField: FIELD,
    timeoutMs: 2000,
    http: axios.create(),
    now: () => Date.parse('2026-11-26T10:00:00Z'),
    ...options,
  } as FreshdeskAdapterOptions);
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const reply = (from: string, messageId: string): Buffer =>
  Buffer.from(
    `From: ${from}\r\nTo: support@northwind-kettle.example\r\nSubject: Re: Charged twice\r\n` +
      `Message-ID: <${messageId}>\r\nIn-Reply-To: <CAF7a1b2c3-invoice@mail.example.com>\r\n` +
      'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAny news?\r\n',
  );

/** A reply from the requester carrying one PDF of `size` bytes. */
const replyWithFile = (messageId: string, filename: string, size: number): Buffer =>
  Buffer.from(
    'From: Sarah Mitchell <sarah.mitchell@example.com>\r\nTo: support@northwind-kettle.example\r\n' +
      `Subject: Re: Charged twice\r\nMessage-ID: <${messageId}>\r\n` +
      'In-Reply-To: <CAF7a1b2c3-invoice@mail.example.com>\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n\r\nThe scan you asked for.\r\n--b1\r\n' +
      `Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="${filename}"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(size, 0x25).toString('base64')}\r\n--b1--\r\n`,
  );

describe('Freshdesk adapter against a fake that follows the API reference', () => {
  test('creates an email ticket with every attachment and the raw headers, routed and tagged', async () => {
    const server = await fake();
    const raw = readFixture('mixed-pdf-png.eml');
    const ticketRequest = await parsedRequest(raw, {
      target: '8',
      priority: 'high',
      tags: ['billing', 'vip'],
    });
    const { ticketId } = await adapter(server.url).createTicket(ticketRequest);

    const ticket = server.tickets.get(Number(ticketId));
    expect(ticket).toMatchObject({
      subject: 'Charged twice for invoice INV-2291',
      status: 2,
      priority: 3,
      source: 1,
      groupId: 8,
      tags: ['billing', 'vip'],
      customFields: { [FIELD]: 'CAF7a1b2c3-invoice@mail.example.com' },
    });
    expect(server.contacts.get(ticket!.requesterId)).toMatchObject({
      email: 'sarah.mitchell@example.com',
      name: 'Sarah Mitchell',
    });
    expect(ticket!.description).toContain('charged twice for invoice INV-2291');
    const sent = new Map(ticket!.attachments.map((file) => [file.name, sha256(file.content)]));
    for (const attachment of ticketRequest.mail.attachments) {
      expect(sent.get(attachment.filename)).toBe(attachment.sha256);
    }
    const headers = ticket!.attachments.find((file) => file.name === 'original-headers.txt');
    expect(headers?.content).toEqual(raw.subarray(0, readHeaderBlock(raw).bodyOffset));
    expect(ticket!.attachments).toHaveLength(ticketRequest.mail.attachments.length + 1);
  });

  test('without a route target the default group is used', async () => {
    const server = await fake();
    const { ticketId } = await adapter(server.url, { defaultGroupId: 7 }).createTicket(
      await parsedRequest(readFixture('plain-utf8.eml')),
    );
    expect(server.tickets.get(Number(ticketId))?.groupId).toBe(7);
  });

  test('attachments past the 20 MB budget are left out and named in the description', async () => {
    const server = await fake();
    const raw = readFixture('mixed-pdf-png.eml');
    const ticketRequest = await parsedRequest(raw);
    const budget = readHeaderBlock(raw).bodyOffset + (ticketRequest.mail.attachments[0]?.size ?? 0);
    const { ticketId } = await adapter(server.url, { maxAttachmentBytes: budget }).createTicket(
      ticketRequest,
    );
    const ticket = server.tickets.get(Number(ticketId))!;
    expect(ticket.attachments.map((file) => file.name)).toEqual([
      'original-headers.txt',
      ticketRequest.mail.attachments[0]?.filename,
    ]);
    const left = ticketRequest.mail.attachments[1]!;
    expect(ticket.description).toContain(`${left.filename} (${left.size} bytes, SHA-256 ${left.sha256})`);
  });

  test('a reply becomes a public incoming note from the sender contact', async () => {
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
    expect(ticket.notes).toHaveLength(1);
    expect(ticket.notes[0]).toMatchObject({ incoming: true, private: false, userId: ticket.requesterId });
    expect(ticket.notes[0]?.body).toContain('Any news?');
    expect(ticket.notes[0]?.attachments.map((file) => file.name)).toEqual(['original-headers.txt']);
  });

  test('a reply from someone who is no contact names them in the note', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    await target.addReply(
      ticketId,
      await parsedRequest(reply('Tom <tom@elsewhere.example>', 'r2@elsewhere.example')),
    );
    const note = server.tickets.get(Number(ticketId))!.notes[0]!;
    expect(note.userId).toBeUndefined();
    expect(note.body).toContain('From: Tom &lt;tom@elsewhere.example&gt;');
  });

  test('the attachment limit is per ticket: a late note leaves out what no longer fits and says so', async () => {
    const raw = readFixture('mixed-pdf-png.eml');
    const ticketRequest = await parsedRequest(raw);
    const created =
      readHeaderBlock(raw).bodyOffset +
      ticketRequest.mail.attachments.reduce((sum, file) => sum + file.size, 0);
    const first = await parsedRequest(
      replyWithFile('scan1@mail.example.com', 'scan-1.pdf', 3000),
      { tags: [] },
      'm-2',
    );
    const second = await parsedRequest(
      replyWithFile('scan2@mail.example.com', 'scan-2.pdf', 3000),
      { tags: [] },
      'm-3',
    );
    const headerBytes = (request: typeof first) => readHeaderBlock(request.raw).bodyOffset;
    // Room for the ticket, the first reply and the second reply's header file, not its PDF.
    const limit = created + headerBytes(first) + 3000 + headerBytes(second) + 1000;
    const server = await fake({ maxAttachmentBytes: limit });
    const target = adapter(server.url, { maxAttachmentBytes: limit });
    const { ticketId } = await target.createTicket(ticketRequest);

    await target.addReply(ticketId, first);
    await target.addReply(ticketId, second);

    const notes = server.tickets.get(Number(ticketId))!.notes;
    expect(notes.map((note) => note.attachments.map((file) => file.name))).toEqual([
      ['original-headers.txt', 'scan-1.pdf'],
      ['original-headers.txt'],
    ]);
    const held = created + headerBytes(first) + 3000;
    expect(notes[1]?.body).toContain('The scan you asked for.');
    expect(notes[1]?.body).toContain(`the ticket already holds ${held} bytes of files`);
    expect(notes[1]?.body).toContain(`scan-2.pdf (3000 bytes, SHA-256 ${sha256(Buffer.alloc(3000, 0x25))})`);
  });

  test('a private note counts the files of every earlier conversation, past the first page', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    const ticket = server.tickets.get(Number(ticketId))!;
    const created = ticket.attachments.reduce((sum, file) => sum + file.content.length, 0);
    // 100 small notes fill the first page of conversations; the 101st, on page 2, leaves 50 bytes.
    for (let index = 0; index <= 100; index += 1) {
      const size = index < 100 ? 10 : 20 * 1000 * 1000 - created - 1000 - 50;
      ticket.notes.push({
        id: 9000 + index,
        body: `earlier note ${index}`,
        incoming: false,
        private: true,
        userId: undefined,
        attachments: [
          { name: `part-${index}.bin`, contentType: 'application/pdf', content: Buffer.alloc(size) },
        ],
      });
    }
    const bounce = {
      ...(await parsedRequest(readFixture('bounce-delivery-status.eml'), { tags: [] }, 'm-bounce')),
      classification: {
        class: 'bounce' as const,
        signals: ['From: mailer-daemon@mx.northwind-kettle.example'],
      },
    };

    expect(await target.addNote(ticketId, bounce)).toEqual({ ticketId });

    const note = ticket.notes.at(-1)!;
    expect(note.private).toBe(true);
    expect(note.attachments).toEqual([]);
    expect(note.body).toContain(`the ticket already holds ${20 * 1000 * 1000 - 50} bytes of files`);
    expect(note.body).toContain("exceed Freshdesk's limit of 20000000 bytes per ticket");
    expect(note.body).toContain('original-headers.txt');
  });

  test('a bounce becomes a private note by the agent: introduced, its files attached, the status untouched', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('mixed-pdf-png.eml')));
    const ticket = server.tickets.get(Number(ticketId))!;
    ticket.status = 3; // Pending: waiting on the customer, whose mail bounced.
    const bounce = {
      ...(await parsedRequest(readFixture('bounce-delivery-status.eml'), { tags: [] }, 'm-bounce')),
      classification: {
        class: 'bounce' as const,
        signals: ['From: mailer-daemon@mx.northwind-kettle.example'],
      },
    };
    expect(await target.addNote(ticketId, bounce)).toEqual({ ticketId });

    expect(ticket.notes).toHaveLength(1);
    expect(ticket.notes[0]).toMatchObject({ private: true, incoming: false, userId: undefined });
    expect(ticket.notes[0]?.body).toMatch(
      /^<p><strong>Delivery failure report from mailer-daemon@mx\.northwind-kettle\.example: Undelivered Mail Returned to Sender<\/strong><\/p>/,
    );
    expect(ticket.notes[0]?.body).toContain('This is the mail system at host mx.northwind-kettle.example.');
    expect(ticket.notes[0]?.attachments.map((file) => [file.name, file.contentType])).toEqual([
      ['original-headers.txt', 'text/plain'],
      ['attachment-1.txt', 'text/rfc822-headers'],
    ]);
    expect(ticket.status).toBe(3);
    expect(server.requests.filter((call) => call.method === 'PUT')).toEqual([]);
  });

  test('the same mail delivered twice through lookup-before-create opens one ticket', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const ticketRequest = await parsedRequest(readFixture('mixed-pdf-png.eml'));
    const first = await deliver(target, ticketRequest);
    const second = await deliver(target, ticketRequest);
    expect(second).toBe(first);
    expect(server.tickets.size).toBe(1);
    expect(server.requests.filter((r) => r.path === '/api/v2/search/tickets')).toHaveLength(2);
  });

  test('without a Message-ID field nothing is searched', async () => {
    const server = await fake();
    const target = adapter(server.url, { messageIdField: undefined });
    expect(await target.findTicketByMessageId('x@example.com')).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  test('ticket state: open, resolved and closed, deleted and unknown', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('plain-utf8.eml')));
    const ticket = server.tickets.get(Number(ticketId))!;
    expect(await target.ticketState(ticketId)).toEqual({ kind: 'open' });
    ticket.status = 4;
    expect(await target.ticketState(ticketId)).toEqual({ kind: 'closed' });
    ticket.status = 5;
    expect(await target.ticketState(ticketId)).toEqual({ kind: 'closed' });
    await target.reopenTicket(ticketId);
    expect(ticket.status).toBe(2);
    ticket.deleted = true;
    expect(await target.ticketState(ticketId)).toEqual({ kind: 'missing' });
    expect(await target.ticketState('999')).toEqual({ kind: 'missing' });
  });

  test('a subject tag names an existing ticket', async () => {
    const server = await fake();
    const target = adapter(server.url);
    const { ticketId } = await target.createTicket(await parsedRequest(readFixture('plain-utf8.eml')));
    expect(await target.ticketFromSubject(`Re: Your order [#${ticketId}]`)).toBe(ticketId);
    expect(await target.ticketFromSubject('Re: Your order [#4242]')).toBeUndefined();
    expect(await target.ticketFromSubject('Re: Your order')).toBeUndefined();
    const prefixed = adapter(server.url, { subjectPattern: /\[#Acme-(\d+)\]/ });
    expect(await prefixed.ticketFromSubject(`Re: x [#Acme-${ticketId}]`)).toBe(ticketId);
  });
});

describe('Freshdesk adapter failures', () => {
  const scripted = (response: ScriptedResponse) => () => response;

  test('a wrong API key is a permanent 401', async () => {
    const server = await fake();
    const error = await failure(
      adapter(server.url, { apiKey: 'wrong-key' }).createTicket(
        await parsedRequest(readFixture('plain-utf8.eml')),
      ),
    );
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.responseBody).toContain('invalid_credentials');
    expect(server.unauthorized).toBe(1);
  });

  test('a reply to a ticket that does not exist is a permanent 404', async () => {
    const server = await fake();
    const error = await failure(
      adapter(server.url).addReply('424242', await parsedRequest(readFixture('plain-utf8.eml'))),
    );
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  test('a validation error (unknown group) is a permanent 400 that keeps the body', async () => {
    const server = await fake();
    const error = await failure(
      adapter(server.url).createTicket(
        await parsedRequest(readFixture('plain-utf8.eml'), { target: '99', tags: [] }),
      ),
    );
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(error.message).toContain('group_id: There is no group matching the given group_id');
    expect(JSON.parse(error.responseBody ?? '')).toMatchObject({ description: 'Validation failed' });
    expect(server.tickets.size).toBe(0);
  });

  test('a route target that is no group id fails before any request', async () => {
    const server = await fake();
    const error = await failure(
      adapter(server.url).createTicket(
        await parsedRequest(readFixture('plain-utf8.eml'), { target: 'Billing', tags: [] }),
      ),
    );
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  test('429 with Retry-After is retryable and carries the wait', async () => {
    const server = await fake({ script: scripted({ status: 429, headers: { 'retry-after': '17' } }) });
    const error = await failure(
      adapter(server.url).createTicket(await parsedRequest(readFixture('plain-utf8.eml'))),
    );
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 17_000 });
  });

  test('a 5xx is retryable', async () => {
    const server = await fake({ script: scripted({ status: 502, body: 'Bad Gateway' }) });
    const error = await failure(adapter(server.url).ticketState('1'));
    expect(error).toMatchObject({ status: 502, retryable: true, responseBody: 'Bad Gateway' });
  });

  test('an unreachable Freshdesk is retryable', async () => {
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
