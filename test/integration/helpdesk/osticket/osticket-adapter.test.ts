import { createHash } from 'node:crypto';
import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import type { TicketRequest } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { OsTicketAdapter, type OsTicketMode } from '../../../../src/helpdesk/osticket/osticket-adapter.js';
import { followUpNotice } from '../../../../src/helpdesk/osticket/osticket-payload.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';
import {
  type FakeOsTicket,
  type FakeOsTicketOptions,
  startFakeOsTicket,
} from '../../../support/fake-osticket.js';
import { readFixture } from '../../../unit/mail/read-fixture.js';
import { parsedRequest } from '../helpdesk-requests.js';

const apiKey = '0123456789ABCDEF0123456789ABCDEF';
const fakes: FakeOsTicket[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function osTicket(options: Partial<FakeOsTicketOptions> = {}): Promise<FakeOsTicket> {
  const fake = await startFakeOsTicket({ apiKey, ...options });
  fakes.push(fake);
  return fake;
}

function adapter(url: string, mode: OsTicketMode, topicId?: number): OsTicketAdapter {
  return new OsTicketAdapter({
    url,
    apiKey,
    mode,
    ...(topicId !== undefined ? { topicId } : {}),
    timeoutMs: 2000,
    http: axios.create(),
    now: () => Date.now(),
  });
}

function request(fixture: string, route: TicketRequest['route'] = { tags: [] }): Promise<TicketRequest> {
  return parsedRequest(readFixture(fixture), route, `m-${fixture}`);
}

/** A raw reply to `parent`, from its sender. */
function replyTo(parent: string, messageId: string, subject = 'Re: Charged twice'): Buffer {
  return Buffer.from(
    [
      `Message-ID: <${messageId}>`,
      `In-Reply-To: <${parent}>`,
      `References: <${parent}>`,
      'From: Sarah Mitchell <sarah.mitchell@example.com>',
      'To: support@northwind-kettle.example',
      `Subject: ${subject}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Any news?',
      '',
    ].join('\r\n'),
  );
}

async function rawRequest(raw: Buffer): Promise<TicketRequest> {
  return {
    mail: await parseMail(raw),
    raw,
    mailboxId: 'support',
    idempotencyKey: 'm-raw',
    route: { tags: [] },
  };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('osTicket adapter, json mode, against a fake that follows the HTTP API', () => {
  test('creates a ticket with the documented fields and every attachment intact', async () => {
    const server = await osTicket();
    const mail = await request('mixed-pdf-png.eml', { target: '3', priority: 'high', tags: [] });
    const { ticketId } = await adapter(server.url, 'json', 1).createTicket(mail);

    expect(ticketId).toMatch(/^\d{6}$/);
    const ticket = server.tickets.get(ticketId);
    expect(ticket).toMatchObject({
      name: 'Sarah Mitchell',
      email: 'sarah.mitchell@example.com',
      subject: 'Charged twice for invoice INV-2291',
      topicId: 3,
      priority: 3,
      source: 'API',
    });
    expect(server.requests[0]?.contentType).toBe('application/json');
    const entry = ticket?.entries[0];
    expect(entry?.format).toBe('text');
    expect(entry?.body).toContain('my card was charged twice');
    expect(entry?.attachments.map((attachment) => attachment.name)).toEqual(
      mail.mail.attachments.map((attachment) => attachment.filename),
    );
    mail.mail.attachments.forEach((attachment, index) => {
      expect(sha256(entry?.attachments[index]?.data ?? Buffer.alloc(0))).toBe(attachment.sha256);
      expect(entry?.attachments[index]?.type).toBe(attachment.contentType);
    });
  });

  test('non-ASCII text survives osTicket reading the data URL', async () => {
    const server = await osTicket();
    const mail = await request('plain-utf8.eml');
    const { ticketId } = await adapter(server.url, 'json').createTicket(mail);
    const ticket = server.tickets.get(ticketId);
    expect(ticket?.entries[0]?.body).toBe(mail.mail.html ?? mail.mail.text);
    expect(ticket?.subject).toBe(mail.mail.subject);
  });

  test('an HTML mail is an HTML message with its inline images embedded', async () => {
    const server = await osTicket();
    const { ticketId } = await adapter(server.url, 'json').createTicket(
      await request('related-inline-image.eml'),
    );
    const entry = server.tickets.get(ticketId)?.entries[0];
    expect(entry?.format).toBe('html');
    expect(entry?.body).toContain('src="data:image/png;base64,');
    expect(entry?.attachments).toEqual([]);
  });

  test('a mail with a file over maxFileSize is piped as mail instead, so osTicket keeps the file', async () => {
    const server = await osTicket();
    const mail = await request('mixed-pdf-png.eml');
    const largest = Math.max(...mail.mail.attachments.map((attachment) => attachment.size));
    const { ticketId } = await new OsTicketAdapter({
      url: server.url,
      apiKey,
      mode: 'json',
      maxFileSize: largest - 1,
      timeoutMs: 2000,
      http: axios.create(),
      now: () => Date.now(),
    }).createTicket(mail);
    expect(server.requests.map((sent) => sent.path)).toEqual(['/api/tickets.email']);
    expect(server.tickets.get(ticketId)?.entries[0]?.raw).toEqual(mail.raw);
  });

  test('a reply cannot join the ticket through the JSON API: it opens one that names it', async () => {
    const server = await osTicket();
    const jsonAdapter = adapter(server.url, 'json');
    const first = await jsonAdapter.createTicket(await request('mixed-pdf-png.eml'));
    const reply = await jsonAdapter.addReply(first.ticketId, await request('reply-references.eml'));

    expect(reply.ticketId).not.toBe(first.ticketId);
    expect(server.tickets.size).toBe(2);
    expect(server.tickets.get(reply.ticketId)?.entries[0]?.body).toMatch(
      new RegExp(`^${followUpNotice(first.ticketId).replace(/[.()]/g, '\\$&')}\n\nThanks,`),
    );
  });
});

describe('osTicket adapter, raw-mail mode', () => {
  test('pipes the mail byte for byte as message/rfc822 and returns the ticket number', async () => {
    const server = await osTicket();
    const mail = await request('mixed-pdf-png.eml');
    const { ticketId } = await adapter(server.url, 'raw-mail').createTicket(mail);

    expect(server.requests[0]).toMatchObject({ path: '/api/tickets.email', contentType: 'message/rfc822' });
    const entry = server.tickets.get(ticketId)?.entries[0];
    expect(entry?.raw && sha256(entry.raw)).toBe(sha256(mail.raw));
    // osTicket parses the attachments itself; they are in the piped bytes, intact.
    const reparsed = await parseMail(entry?.raw ?? Buffer.alloc(0));
    expect(reparsed.attachments.map((attachment) => attachment.sha256)).toEqual(
      mail.mail.attachments.map((attachment) => attachment.sha256),
    );
  });

  test('the same mail twice is one ticket: osTicket knows the Message-ID', async () => {
    const server = await osTicket();
    const rawAdapter = adapter(server.url, 'raw-mail');
    const mail = await request('mixed-pdf-png.eml');
    const first = await rawAdapter.createTicket(mail);
    const again = await rawAdapter.createTicket(mail);
    expect(again).toEqual(first);
    expect(server.tickets.size).toBe(1);
    expect(server.tickets.get(first.ticketId)?.entries).toHaveLength(1);
  });

  test('a lost answer is safe to retry: the retry gets the same ticket', async () => {
    const server = await osTicket({ script: (_request, n) => (n === 1 ? { drop: 'after' } : undefined) });
    const rawAdapter = adapter(server.url, 'raw-mail');
    const mail = await request('mixed-pdf-png.eml');
    await expect(rawAdapter.createTicket(mail)).rejects.toMatchObject({ retryable: true });
    const retried = await rawAdapter.createTicket(mail);
    expect(server.tickets.size).toBe(1);
    expect(server.tickets.has(retried.ticketId)).toBe(true);
  });

  test('a reply is threaded by osTicket through In-Reply-To', async () => {
    const server = await osTicket();
    const rawAdapter = adapter(server.url, 'raw-mail');
    const { ticketId } = await rawAdapter.createTicket(await request('mixed-pdf-png.eml'));
    const reply = await rawRequest(replyTo('CAF7a1b2c3-invoice@mail.example.com', 'reply-1@example.com'));
    expect(await rawAdapter.addReply(ticketId, reply)).toEqual({ ticketId });
    expect(server.tickets.size).toBe(1);
    expect(server.tickets.get(ticketId)?.entries).toHaveLength(2);
  });

  test('a reply osTicket cannot place becomes its own ticket, and that number is returned', async () => {
    const server = await osTicket();
    const rawAdapter = adapter(server.url, 'raw-mail');
    const { ticketId } = await rawAdapter.createTicket(await request('mixed-pdf-png.eml'));
    const stranger = await rawRequest(replyTo('unknown@example.com', 'reply-2@example.com', 'Hello'));
    const result = await rawAdapter.addReply(ticketId, stranger);
    expect(result.ticketId).not.toBe(ticketId);
    expect(server.tickets.size).toBe(2);
  });

  test('the subject tag threads a reply without references', async () => {
    const server = await osTicket();
    const rawAdapter = adapter(server.url, 'raw-mail');
    const { ticketId } = await rawAdapter.createTicket(await request('mixed-pdf-png.eml'));
    const tagged = await rawRequest(
      replyTo('lost@example.com', 'reply-3@example.com', `Re: [#${ticketId}] Charged twice`),
    );
    expect(await rawAdapter.addReply(ticketId, tagged)).toEqual({ ticketId });
  });
});
