import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../../../dev/servers/free-port.js';
import {
  type RequestTrackerServer,
  startRequestTracker,
} from '../../../../dev/servers/request-tracker-server.js';
import type { TicketRequest, TicketRoute } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { RtAdapter, type RtAdapterOptions } from '../../../../src/helpdesk/rt/rt-adapter.js';
import { parseMail } from '../../../../src/mail/parser.js';
import { failure } from '../../../unit/helpdesk/helpdesk-failure.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/mail');

let rt: RequestTrackerServer;
let tagsFieldName: string;

beforeAll(async () => {
  // Installs RT on first use (about a minute), then starts a private instance (about 5 s).
  rt = await startRequestTracker();
  await rt.createQueue('Billing');
  tagsFieldName = 'popdesk tags';
  await rt.createCustomField(tagsFieldName, 'ticket', { multiple: true });
}, 300_000);

afterAll(async () => {
  await rt?.stop();
});

function adapter(overrides: Partial<RtAdapterOptions> = {}): RtAdapter {
  return new RtAdapter({
    url: rt.url,
    auth: { username: rt.username, password: rt.password },
    defaultQueue: 'General',
    rtname: rt.rtname,
    timeoutMs: 20_000,
    http: axios.create(),
    now: () => Date.now(),
    ...overrides,
  });
}

/** A Message-ID no other test uses: the RT instance is shared by the whole file. */
function uniqueId(label: string): string {
  return `${label}.${randomBytes(6).toString('hex')}@mail.example.com`;
}

/** A fixture with its Message-ID (and optionally Subject) replaced, parsed as the worker would. */
async function fixtureRequest(
  name: string,
  changes: { messageId: string; subject?: string },
  route: TicketRoute = { tags: [] },
): Promise<TicketRequest> {
  let text = readFileSync(join(FIXTURES, name), 'latin1');
  text = text.replace(/^Message-ID:.*$/im, `Message-ID: <${changes.messageId}>`);
  if (changes.subject !== undefined) text = text.replace(/^Subject:.*$/im, `Subject: ${changes.subject}`);
  return request(Buffer.from(text, 'latin1'), route);
}

interface Part {
  readonly filename: string;
  readonly type: string;
  readonly content: Buffer;
}

/** A plain mail built from parts, parsed as the worker would. */
async function mailRequest(
  fields: {
    messageId: string;
    subject: string;
    from?: string;
    cc?: string;
    body: string;
    parts?: readonly Part[];
  },
  route: TicketRoute = { tags: [] },
): Promise<TicketRequest> {
  const boundary = 'b-popdesk-rt';
  const head = [
    `Message-ID: <${fields.messageId}>`,
    ...(fields.from !== undefined ? [`From: ${fields.from}`] : []),
    'To: support@example.com',
    ...(fields.cc !== undefined ? [`Cc: ${fields.cc}`] : []),
    `Subject: ${fields.subject}`,
    'Date: Thu, 26 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts = [
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${fields.body}\r\n`,
    ...(fields.parts ?? []).map(
      (part) =>
        `--${boundary}\r\nContent-Type: ${part.type}\r\nContent-Disposition: attachment; ` +
        `filename*=UTF-8''${encodeURIComponent(part.filename)}\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
        `${part.content.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`,
    ),
    `--${boundary}--\r\n`,
  ];
  return request(Buffer.from(`${head.join('\r\n')}\r\n\r\n${parts.join('')}`, 'utf8'), route);
}

async function request(raw: Buffer, route: TicketRoute): Promise<TicketRequest> {
  const mail = await parseMail(raw);
  return { mail, raw, mailboxId: 'support', idempotencyKey: `m${mail.rawSha256.slice(0, 16)}`, route };
}

/** The worker's order: look the Message-ID up, create only when RT has no ticket for it. */
async function deliverOnce(target: RtAdapter, req: TicketRequest): Promise<string> {
  const existing = await target.findTicketByMessageId(req.mail.messageId);
  return existing ?? (await target.createTicket(req)).ticketId;
}

async function ticket(id: string): Promise<Record<string, unknown>> {
  return (await rt.api.get<Record<string, unknown>>(`/ticket/${id}`)).data;
}

interface StoredAttachment {
  readonly id: number;
  readonly transaction: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** Every attachment RT holds for the ticket, each downloaded with `GET /attachment/{id}`. */
async function attachments(ticketId: string): Promise<StoredAttachment[]> {
  const list = await rt.api.get<{ items: { id: string }[] }>(`/ticket/${ticketId}/attachments`, {
    params: { per_page: 100 },
  });
  return Promise.all(
    list.data.items.map(async ({ id }) => {
      const { data } = await rt.api.get<{
        Filename?: string;
        ContentType: string;
        Content?: string | null;
        TransactionId: { id: string };
      }>(`/attachment/${id}`);
      return {
        id: Number(id),
        transaction: data.TransactionId.id,
        filename: data.Filename ?? '',
        contentType: data.ContentType,
        content: Buffer.from(data.Content ?? '', 'base64'),
      };
    }),
  );
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function ticketsWithMessageId(messageId: string): Promise<number> {
  const { data } = await rt.api.get<{ total: number }>('/tickets', {
    params: { query: `'CF.{Message-ID}' = '${messageId.replace(/[\\']/g, '\\$&')}'` },
  });
  return data.total;
}

describe('createTicket', () => {
  test('requester, subject, body, Message-ID and attachments arrive; attachments byte for byte', async () => {
    const messageId = uniqueId('invoice');
    const req = await fixtureRequest('mixed-pdf-png.eml', { messageId });
    const { ticketId } = await adapter().createTicket(req);

    const created = await ticket(ticketId);
    expect(created.Subject).toBe(req.mail.subject);
    expect(created.Requestor).toEqual([expect.objectContaining({ id: 'sarah.mitchell@example.com' })]);
    expect(created.CustomFields).toContainEqual(
      expect.objectContaining({ name: 'Message-ID', values: [messageId] }),
    );
    const user = (await rt.api.get<{ RealName: string }>('/user/sarah.mitchell@example.com')).data;
    expect(user.RealName).toBe('Sarah Mitchell');

    const stored = await attachments(ticketId);
    const body = stored.find((a) => a.contentType === 'text/plain' && a.filename === '');
    expect(body?.content.toString('utf8')).toBe(req.mail.text.replace(/\r\n/g, '\n'));
    expect(req.mail.attachments.length).toBeGreaterThanOrEqual(2);
    for (const original of req.mail.attachments) {
      const copy = stored.find((a) => a.filename === original.filename);
      expect(copy, original.filename).toBeDefined();
      expect(copy?.contentType).toBe(original.contentType);
      expect(sha256(copy?.content ?? Buffer.alloc(0))).toBe(original.sha256);
    }
    const headers = stored.find((a) => a.filename === 'original-headers.txt');
    expect(headers?.content.toString('latin1')).toContain(`Message-ID: <${messageId}>`);
    expect(headers?.content.toString('latin1')).toContain(
      'From: Sarah Mitchell <sarah.mitchell@example.com>',
    );
  });

  test('non-ASCII file names survive, binary and UTF-8 text files stay byte for byte', async () => {
    const binary = randomBytes(70_000);
    const longName = `Überweisungsbestätigung für die Rechnung Nummer 2291 vom März — ${'ä'.repeat(20)}.bin`;
    const req = await mailRequest({
      messageId: uniqueId('names'),
      subject: 'Zahlung übermittelt ✓',
      from: '"Jörg Müller" <joerg@example.de>',
      body: 'Anbei die Belege.',
      parts: [
        { filename: longName, type: 'application/octet-stream', content: binary },
        { filename: 'notiz.txt', type: 'text/plain', content: Buffer.from('Grüße, straße ✓\n', 'utf8') },
        { filename: '0', type: 'application/octet-stream', content: Buffer.from([0, 1, 2]) },
      ],
    });
    const { ticketId } = await adapter().createTicket(req);
    expect((await ticket(ticketId)).Subject).toBe('Zahlung übermittelt ✓');
    const stored = await attachments(ticketId);
    expect(stored.find((a) => a.filename === longName)?.content.equals(binary)).toBe(true);
    expect(stored.find((a) => a.filename === 'notiz.txt')?.content.toString('utf8')).toBe(
      'Grüße, straße ✓\n',
    );
    // Perl reads a file named 0 as false and REST2 would refuse it: it is stored as 0_.
    expect(stored.find((a) => a.filename === '0_')?.content.equals(Buffer.from([0, 1, 2]))).toBe(true);
  });

  test('RT stores text attachments as UTF-8: a Latin-1 file is transcoded, as its mail gateway does', async () => {
    const req = await mailRequest({
      messageId: uniqueId('latin1'),
      subject: 'Latin-1',
      from: 'lou@example.fr',
      body: 'x',
      parts: [
        { filename: 'menu.txt', type: 'text/plain', content: Buffer.from('caf\xe9 cr\xe8me\n', 'latin1') },
      ],
    });
    const { ticketId } = await adapter().createTicket(req);
    const stored = await attachments(ticketId);
    expect(stored.find((a) => a.filename === 'menu.txt')?.content.toString('utf8')).toBe('café crème\n');
  });

  test('an empty attachment, which REST2 refuses, is left out and the ticket is created', async () => {
    const refused = await rt.api.post(
      '/ticket',
      {
        Queue: 'General',
        Subject: 'x',
        Attachments: [{ FileName: 'e', FileType: 'text/plain', FileContent: '' }],
      },
      { validateStatus: () => true },
    );
    expect(refused.status).toBe(400);
    const req = await mailRequest({
      messageId: uniqueId('empty'),
      subject: 'Empty file',
      from: 'mia@example.com',
      body: 'x',
      parts: [{ filename: 'empty.txt', type: 'text/plain', content: Buffer.alloc(0) }],
    });
    const { ticketId } = await adapter().createTicket(req);
    const names = (await attachments(ticketId)).map((a) => a.filename);
    expect(names).toContain('original-headers.txt');
    expect(names).not.toContain('empty.txt');
  });

  test('Cc addresses become Cc watchers, the requester is not repeated among them', async () => {
    const req = await mailRequest({
      messageId: uniqueId('cc'),
      subject: 'Copy my colleagues',
      from: 'Ana Lima <ana@example.br>',
      cc: 'Bruno <bruno@example.br>, ana@example.br, carla@example.br',
      body: 'Please keep them informed.',
    });
    const { ticketId } = await adapter().createTicket(req);
    const created = await ticket(ticketId);
    const ids = (created.Cc as { id: string }[]).map((cc) => cc.id).sort();
    expect(ids).toEqual(['bruno@example.br', 'carla@example.br']);
  });

  test('HTML with inline cid: images: the HTML names the attachments, which are attached', async () => {
    const req = await fixtureRequest('related-inline-image.eml', { messageId: uniqueId('inline') });
    const { ticketId } = await adapter().createTicket(req);
    const stored = await attachments(ticketId);
    const html = stored.find((a) => a.contentType === 'text/html');
    expect(html?.content.toString('utf8')).toContain('[image: kettle.png]');
    expect(html?.content.toString('utf8')).not.toContain('cid:');
    for (const original of req.mail.attachments) {
      const copy = stored.find((a) => a.filename === original.filename);
      expect(sha256(copy?.content ?? Buffer.alloc(0))).toBe(original.sha256);
    }
  });

  test('the route picks the queue, the priority and the tags field', async () => {
    const req = await mailRequest(
      { messageId: uniqueId('route'), subject: 'Refund', from: 'dan@example.com', body: 'Money back please' },
      { target: 'Billing', priority: 'high', tags: ['vip', 'refund'] },
    );
    const { ticketId } = await adapter({ tagsField: tagsFieldName }).createTicket(req);
    const created = await ticket(ticketId);
    const queue = (await rt.api.get<{ Name: string }>(`/queue/${(created.Queue as { id: string }).id}`)).data;
    expect(queue.Name).toBe('Billing');
    // RT 5 shows priorities through %PriorityAsString: 100 is "High".
    expect(String(created.Priority).toLowerCase()).toMatch(/^(100|high)$/);
    expect(created.CustomFields).toContainEqual(
      expect.objectContaining({ name: tagsFieldName, values: expect.arrayContaining(['vip', 'refund']) }),
    );
  });

  test('without a tags field, tags are dropped and the ticket is still created', async () => {
    const req = await mailRequest(
      { messageId: uniqueId('notags'), subject: 'Tagged', from: 'eve@example.com', body: 'x' },
      { tags: ['vip'] },
    );
    await expect(adapter().createTicket(req)).resolves.toEqual({ ticketId: expect.stringMatching(/^\d+$/) });
  });

  test('the same mail delivered twice the way the worker does opens one ticket', async () => {
    const messageId = uniqueId('twice');
    const req = await mailRequest({ messageId, subject: 'Only once', from: 'fay@example.com', body: 'once' });
    const first = await deliverOnce(adapter(), req);
    const second = await deliverOnce(adapter(), req);
    expect(second).toBe(first);
    expect(await ticketsWithMessageId(messageId)).toBe(1);
  });

  test('an auth token works as well as a password', async () => {
    const req = await mailRequest({
      messageId: uniqueId('token'),
      subject: 'Token',
      from: 'gil@example.com',
      body: 't',
    });
    const { ticketId } = await adapter({ auth: { token: rt.token } }).createTicket(req);
    expect((await ticket(ticketId)).Subject).toBe('Token');
  });
});

describe('addReply and findTicketByMessageId', () => {
  test('a reply lands as correspondence on the ticket, is findable, and is not mailed back', async () => {
    const rtAdapter = adapter();
    const original = await mailRequest({
      messageId: uniqueId('first'),
      subject: 'Kettle broken',
      from: 'hana@example.jp',
      body: 'It does not heat.',
    });
    const { ticketId } = await rtAdapter.createTicket(original);
    const replyId = uniqueId('reply');
    const marker = `reply-body-${randomBytes(4).toString('hex')}`;
    const reply = await mailRequest({
      messageId: replyId,
      subject: `Re: [${rt.rtname} #${ticketId}] Kettle broken`,
      from: 'hana@example.jp',
      body: `Still broken. ${marker}`,
      parts: [{ filename: 'photo.bin', type: 'application/octet-stream', content: randomBytes(5000) }],
    });
    await expect(rtAdapter.addReply(ticketId, reply)).resolves.toEqual({ ticketId });

    const history = await rt.api.get<{ items: { Type: string; id: number }[] }>(
      `/ticket/${ticketId}/history`,
      {
        params: { fields: 'Type', per_page: 100 },
      },
    );
    expect(history.data.items.filter((t) => t.Type === 'Correspond')).toHaveLength(1);
    const stored = await attachments(ticketId);
    const photo = stored.find((a) => a.filename === 'photo.bin');
    expect(sha256(photo?.content ?? Buffer.alloc(0))).toBe(reply.mail.attachments[0]?.sha256);

    expect(await rtAdapter.findTicketByMessageId(original.mail.messageId)).toBe(ticketId);
    expect(await rtAdapter.findTicketByMessageId(replyId)).toBe(ticketId);
    expect(await rtAdapter.findTicketByMessageId(uniqueId('unknown'))).toBeUndefined();
    // The customer wrote it: RT must not send it back to them (the scrip change in docs/helpdesks/rt.md).
    expect(await rt.sentMail()).not.toContain(marker);
  });

  test('Message-IDs with quotes and backslashes are found exactly', async () => {
    const messageId = `"o'brien\\x"${uniqueId('quoted')}`;
    const req = await mailRequest({ messageId, subject: 'Quotes', from: 'ian@example.ie', body: 'q' });
    expect(req.mail.messageId).toBe(messageId);
    const { ticketId } = await adapter().createTicket(req);
    expect(await adapter().findTicketByMessageId(messageId)).toBe(ticketId);
    expect(await adapter().findTicketByMessageId(messageId.replace("'", ''))).toBeUndefined();
  });

  test('a reply to a merged ticket goes to the ticket it was merged into; lookups follow the merge', async () => {
    const rtAdapter = adapter();
    const a = await rtAdapter.createTicket(
      await mailRequest({ messageId: uniqueId('keep'), subject: 'Keep', from: 'jo@example.com', body: 'a' }),
    );
    const mergedMail = await mailRequest({
      messageId: uniqueId('gone'),
      subject: 'Gone',
      from: 'jo@example.com',
      body: 'b',
    });
    const b = await rtAdapter.createTicket(mergedMail);
    await rt.api.put(`/ticket/${b.ticketId}`, { MergeInto: Number(a.ticketId) });

    expect(await rtAdapter.ticketState(b.ticketId)).toEqual({ kind: 'merged', into: a.ticketId });
    expect(await rtAdapter.findTicketByMessageId(mergedMail.mail.messageId)).toBe(a.ticketId);
    const reply = await mailRequest({
      messageId: uniqueId('late'),
      subject: 'Re: Gone',
      from: 'jo@example.com',
      body: 'c',
    });
    await expect(rtAdapter.addReply(b.ticketId, reply)).resolves.toEqual({ ticketId: a.ticketId });
  });

  test('a reply to a ticket that does not exist fails for good', async () => {
    const reply = await mailRequest({
      messageId: uniqueId('orphan'),
      subject: 'Re: x',
      from: 'kai@example.com',
      body: 'd',
    });
    const error = await failure(adapter().addReply('999999', reply));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(404);
  });
});

describe('addNote', () => {
  const bounceClass = { class: 'bounce' as const, signals: ['From: mailer-daemon@mx.example.org'] };

  /** The Type and Status of every transaction, oldest first. */
  async function history(ticketId: string): Promise<{ Type: string }[]> {
    const { data } = await rt.api.get<{ items: { Type: string }[] }>(`/ticket/${ticketId}/history`, {
      params: { fields: 'Type', per_page: 100 },
    });
    return data.items;
  }

  test('a bounce becomes a comment: introduced, its files attached, findable, and mailed to no requestor', async () => {
    const rtAdapter = adapter();
    const { ticketId } = await rtAdapter.createTicket(
      await mailRequest({ messageId: uniqueId('sent'), subject: 'Order', from: 'ola@example.no', body: 'h' }),
    );
    await rt.api.put(`/ticket/${ticketId}`, { AdminCc: 'agent@support.example.com' });
    const marker = `bounce-body-${randomBytes(4).toString('hex')}`;
    const returned = Buffer.from(`Message-ID: <x@example.com>\r\nSubject: Order\r\n\r\n${marker}\r\n`);
    const bounce = {
      ...(await mailRequest({
        messageId: uniqueId('bounce'),
        subject: 'Undelivered Mail Returned to Sender',
        from: 'MAILER-DAEMON@mx.example.org',
        body: `The mail to ola@example.no could not be delivered. ${marker}`,
        parts: [{ filename: 'returned.txt', type: 'text/plain', content: returned }],
      })),
      classification: bounceClass,
    };
    await expect(rtAdapter.addNote(ticketId, bounce)).resolves.toEqual({ ticketId });

    const types = (await history(ticketId)).map((t) => t.Type);
    expect(types.filter((type) => type === 'Comment')).toHaveLength(1);
    expect(types).not.toContain('Correspond');
    const stored = await attachments(ticketId);
    const body = stored.find((a) => a.filename === '' && a.content.toString('utf8').includes(marker));
    expect(body?.content.toString('utf8')).toMatch(
      /^Delivery failure report from mailer-daemon@mx\.example\.org: Undelivered Mail Returned to Sender\n/,
    );
    expect(stored.find((a) => a.filename === 'returned.txt')?.content).toEqual(returned);
    // The worker's duplicate check finds a note like a reply: a retried note is not posted twice.
    expect(await rtAdapter.findTicketByMessageId(bounce.mail.messageId)).toBe(ticketId);
    // RT's "On Comment Notify AdminCcs as Comment" tells the agent; nothing goes to the requestor.
    const recipients = (await rt.sentMail())
      .split(/^From /m)
      .filter((mail) => mail.includes(marker))
      .flatMap((mail) => mail.slice(0, mail.indexOf('\n\n')).match(/^(?:To|Cc|Bcc):.*$/gim) ?? []);
    expect(recipients).toEqual(['BCC: agent@support.example.com']);
  });

  test('a note leaves a resolved ticket resolved, where a reply reopens it, and a stalled one stalled', async () => {
    const rtAdapter = adapter();
    const autoReply = async (label: string) => ({
      ...(await mailRequest({
        messageId: uniqueId(label),
        subject: 'Out of office',
        from: 'pia@example.fi',
        body: 'i',
      })),
      classification: { class: 'auto-reply' as const, signals: ['Auto-Submitted: auto-replied'] },
    });
    const resolved = await rtAdapter.createTicket(
      await mailRequest({
        messageId: uniqueId('resolved'),
        subject: 'Done',
        from: 'pia@example.fi',
        body: 'j',
      }),
    );
    await rt.api.put(`/ticket/${resolved.ticketId}`, { Status: 'resolved' });
    await rtAdapter.addNote(resolved.ticketId, await autoReply('ooo1'));
    expect((await ticket(resolved.ticketId)).Status).toBe('resolved');
    // RT's "On Correspond Open Inactive Tickets" scrip: the same mail as a reply does reopen it.
    await rtAdapter.addReply(resolved.ticketId, await autoReply('ooo3'));
    expect((await ticket(resolved.ticketId)).Status).toBe('open');

    const stalled = await rtAdapter.createTicket(
      await mailRequest({
        messageId: uniqueId('stalled'),
        subject: 'Wait',
        from: 'pia@example.fi',
        body: 'k',
      }),
    );
    await rt.api.put(`/ticket/${stalled.ticketId}`, { Status: 'stalled' });
    await rtAdapter.addNote(stalled.ticketId, await autoReply('ooo2'));
    expect((await ticket(stalled.ticketId)).Status).toBe('stalled');
  });

  test('a note to a ticket that does not exist fails for good', async () => {
    const note = await mailRequest({
      messageId: uniqueId('lost'),
      subject: 'x',
      from: 'q@example.com',
      body: 'l',
    });
    expect(await failure(adapter().addNote('999999', note))).toMatchObject({ status: 404, retryable: false });
  });
});

describe('ticketFromSubject, ticketState, reopenTicket', () => {
  test('a tag of this RT names an existing ticket; other tags and missing tickets do not', async () => {
    const rtAdapter = adapter();
    const { ticketId } = await rtAdapter.createTicket(
      await mailRequest({
        messageId: uniqueId('tag'),
        subject: 'Tagged',
        from: 'lea@example.com',
        body: 'e',
      }),
    );
    expect(await rtAdapter.ticketFromSubject(`Re: Fwd: [${rt.rtname} #${ticketId}] Tagged`)).toBe(ticketId);
    expect(await rtAdapter.ticketFromSubject(`RE: [${rt.rtname.toUpperCase()} #${ticketId}]`)).toBe(ticketId);
    expect(await rtAdapter.ticketFromSubject(`Re: [other.example #${ticketId}] Tagged`)).toBeUndefined();
    expect(await rtAdapter.ticketFromSubject(`Re: [${rt.rtname} #999999] Tagged`)).toBeUndefined();
    expect(await rtAdapter.ticketFromSubject('No tag at all')).toBeUndefined();
  });

  test('new and open are open, resolved is closed, reopen opens it, an unknown id is missing', async () => {
    const rtAdapter = adapter();
    const { ticketId } = await rtAdapter.createTicket(
      await mailRequest({
        messageId: uniqueId('state'),
        subject: 'State',
        from: 'max@example.com',
        body: 'f',
      }),
    );
    expect(await rtAdapter.ticketState(ticketId)).toEqual({ kind: 'open' });
    await rt.api.put(`/ticket/${ticketId}`, { Status: 'resolved' });
    expect(await rtAdapter.ticketState(ticketId)).toEqual({ kind: 'closed' });
    await rtAdapter.reopenTicket(ticketId);
    expect((await ticket(ticketId)).Status).toBe('open');
    expect(await rtAdapter.ticketState(ticketId)).toEqual({ kind: 'open' });
    await rt.api.put(`/ticket/${ticketId}`, { Status: 'rejected' });
    expect(await rtAdapter.ticketState(ticketId)).toEqual({ kind: 'closed' });
    expect(await rtAdapter.ticketState('999999')).toEqual({ kind: 'missing' });
  });

  test('a reopen RT refuses is reported, not assumed', async () => {
    const rtAdapter = adapter({ reopenStatus: 'no-such-status' });
    const { ticketId } = await rtAdapter.createTicket(
      await mailRequest({
        messageId: uniqueId('refuse'),
        subject: 'Refuse',
        from: 'ned@example.com',
        body: 'g',
      }),
    );
    await rt.api.put(`/ticket/${ticketId}`, { Status: 'resolved' });
    const error = await failure(rtAdapter.reopenTicket(ticketId));
    expect(error.retryable).toBe(false);
    expect(error.responseBody).toContain('no-such-status');
  });
});

describe('failures', () => {
  test('a wrong password is a 401 that is not retried, and the password appears nowhere', async () => {
    const wrong = 'wrong-password-1234';
    const req = await mailRequest({
      messageId: uniqueId('401'),
      subject: 'x',
      from: 'olga@example.com',
      body: 'h',
    });
    const error = await failure(
      adapter({ auth: { username: rt.username, password: wrong } }).createTicket(req),
    );
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    const everything = JSON.stringify({ ...error, message: error.message, cause: String(error.cause) });
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(Buffer.from(`${rt.username}:${wrong}`).toString('base64'));
  });

  test('a queue that does not exist fails for good, before anything is posted', async () => {
    const req = await mailRequest(
      { messageId: uniqueId('noqueue'), subject: 'x', from: 'pia@example.com', body: 'i' },
      { target: 'No Such Queue', tags: [] },
    );
    const error = await failure(adapter().createTicket(req));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(404);
    expect(await ticketsWithMessageId(req.mail.messageId)).toBe(0);
  });

  test('REST2 itself refuses a ticket in a missing queue with 403, not retried', async () => {
    // Without popdesk's queue check: what RT answers when the queue is gone between check and post.
    const response = await rt.api.post(
      '/ticket',
      { Queue: 'No Such Queue', Subject: 'x' },
      { validateStatus: () => true },
    );
    expect(response.status).toBe(403);
  });

  test('a missing Message-ID custom field stops the post instead of silently losing the duplicate check', async () => {
    const req = await mailRequest({
      messageId: uniqueId('nofield'),
      subject: 'x',
      from: 'quin@example.com',
      body: 'j',
    });
    const error = await failure(adapter({ messageIdField: 'No-Such-Field' }).createTicket(req));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('No-Such-Field');
  });

  test('RT not listening is retryable', async () => {
    const port = await freePort();
    const req = await mailRequest({
      messageId: uniqueId('down'),
      subject: 'x',
      from: 'rob@example.com',
      body: 'k',
    });
    const error = await failure(adapter({ url: `http://127.0.0.1:${port}` }).createTicket(req));
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
  });
});
