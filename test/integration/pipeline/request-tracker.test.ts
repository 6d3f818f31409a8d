import { createHash } from 'node:crypto';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type RequestTrackerServer,
  startRequestTracker,
} from '../../../dev/servers/request-tracker-server.js';
import type { PopdeskApp } from '../../../src/app/popdesk-app.js';
import { RtAdapter } from '../../../src/helpdesk/rt/rt-adapter.js';
import { parseMail } from '../../../src/mail/parse-mail.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';

let env: PipelineEnvironment;
let rt: RequestTrackerServer;
let app: PopdeskApp;
/** Every request popdesk sent to RT, as `METHOD /path` below `/REST/2.0`. */
const rtRequests: string[] = [];
/** Subjects whose ticket RT creates but whose answer popdesk never gets, once each. */
const loseCreateAnswer = new Set<string>();

/** popdesk's HTTP client, counting what it asks of RT and losing the answers the test says. */
function rtHttp() {
  const http = axios.create();
  http.interceptors.request.use((request) => {
    const path = new URL(request.url ?? '').pathname.replace(/^.*\/REST\/2\.0/, '');
    rtRequests.push(`${request.method?.toUpperCase()} ${path}`);
    return request;
  });
  http.interceptors.response.use((response) => {
    const subject = (JSON.parse(String(response.config.data ?? '{}')) as { Subject?: string }).Subject;
    if (response.config.method === 'post' && subject !== undefined && loseCreateAnswer.delete(subject)) {
      throw new Error('connection reset after RT created the ticket (test)');
    }
    return response;
  });
  return http;
}

beforeAll(async () => {
  [env, rt] = await Promise.all([startPipelineEnvironment(), startRequestTracker()]);
  await rt.createQueue('Sales');
  app = await env.app({
    deps: { http: rtHttp() },
    overrides: {
      helpdesk: { type: 'rt', url: rt.url, token: rt.token, rtname: rt.rtname, defaultQueue: 'General' },
      routing: { rules: [{ name: 'sales', match: { to: 'sales@example.com' }, route: { target: 'Sales' } }] },
    },
  });
  await app.startWorkers();
}, 300_000);
afterAll(async () => {
  await env?.stop();
  await rt?.stop();
});

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)),
]);

function mail(headers: string, body: string, attachment?: { name: string; content: Buffer }): Buffer {
  const head = `${headers}Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n`;
  if (attachment === undefined)
    return Buffer.from(`${head}Content-Type: text/plain; charset=UTF-8\r\n\r\n${body}\r\n`);
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${body}\r\n` +
      `--b\r\nContent-Type: application/pdf; name="${attachment.name}"\r\nContent-Disposition: attachment; filename="${attachment.name}"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${attachment.content.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`,
  );
}

/** Delivers mails to the mailbox, polls, and waits until each is a ticket or a reply. */
async function deliver(...mails: Buffer[]): Promise<Map<string, string>> {
  await env.dovecot.deliver(env.user.username, mails);
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued);
  expect(outcomes.deadLetters).toEqual([]);
  return outcomes.tickets;
}

async function rtTicket(
  id: string,
): Promise<{ Subject: string; Queue: { id: string }; Requestor: Array<{ id: string }> }> {
  return (await rt.api.get(`/ticket/${id}`)).data;
}

async function queueName(queue: { id: string }): Promise<string> {
  return (await rt.api.get<{ Name: string }>(`/queue/${queue.id}`)).data.Name;
}

/** Correspondence and create transactions of a ticket, oldest first. */
async function messages(id: string): Promise<string[]> {
  const { data } = await rt.api.get<{ items: Array<{ id: string }> }>(`/ticket/${id}/history`, {
    params: { per_page: 100 },
  });
  const types: string[] = [];
  for (const item of data.items) {
    const transaction = (await rt.api.get<{ Type: string }>(`/transaction/${item.id}`)).data;
    if (transaction.Type === 'Create' || transaction.Type === 'Correspond') types.push(transaction.Type);
  }
  return types;
}

async function attachmentDigests(id: string): Promise<Map<string, string>> {
  const list = await rt.api.get<{ items: Array<{ id: string }> }>(`/ticket/${id}/attachments`, {
    params: { per_page: 100 },
  });
  const digests = new Map<string, string>();
  for (const { id: attachmentId } of list.data.items) {
    const { data } = await rt.api.get<{ Filename?: string; Content?: string | null }>(
      `/attachment/${attachmentId}`,
    );
    if (data.Filename)
      digests.set(
        data.Filename,
        createHash('sha256')
          .update(Buffer.from(data.Content ?? '', 'base64'))
          .digest('hex'),
      );
  }
  return digests;
}

test('mails become RT tickets; replies by In-Reply-To and by subject tag land on the same ticket', async () => {
  const first = await deliver(
    mail(
      'From: Ana Lima <ana@customer.example>\r\nTo: support@example.com\r\nSubject: Invoice is wrong\r\nMessage-ID: <ana-1@customer.example>\r\n',
      'The invoice total is wrong.',
      { name: 'invoice.pdf', content: PDF },
    ),
  );
  const [ticketId] = [...first.values()];
  const created = await rtTicket(ticketId!);
  expect(created.Subject).toBe('Invoice is wrong');
  expect(await queueName(created.Queue)).toBe('General');
  expect(created.Requestor.map((person) => person.id)).toEqual(['ana@customer.example']);
  expect((await attachmentDigests(ticketId!)).get('invoice.pdf')).toBe(
    createHash('sha256').update(PDF).digest('hex'),
  );

  const replies = await deliver(
    mail(
      'From: Ana Lima <ana@customer.example>\r\nTo: support@example.com\r\nSubject: Re: Invoice is wrong\r\n' +
        'Message-ID: <ana-2@customer.example>\r\nIn-Reply-To: <ana-1@customer.example>\r\n',
      'Any news?',
    ),
  );
  expect([...replies.values()]).toEqual([ticketId]);
  const tagged = await deliver(
    mail(
      `From: Ana Lima <ana@customer.example>\r\nTo: support@example.com\r\nSubject: Still waiting [${rt.rtname} #${ticketId}]\r\n` +
        'Message-ID: <ana-3@customer.example>\r\n',
      'Hello?',
    ),
  );
  expect([...tagged.values()]).toEqual([ticketId]);
  expect(await messages(ticketId!)).toEqual(['Create', 'Correspond', 'Correspond']);
});

test('a fresh mail costs RT one request, the create: no Message-ID search before it', async () => {
  await deliver(
    mail('From: Al <al@customer.example>\r\nTo: support@example.com\r\nSubject: Warm-up\r\n', 'Hi.'),
  );
  rtRequests.length = 0;
  const delivered = await deliver(
    mail(
      'From: Cy <cy@customer.example>\r\nTo: support@example.com\r\nSubject: One request\r\nMessage-ID: <cy-1@customer.example>\r\n',
      'Only the create, please.',
    ),
  );
  expect(delivered.size).toBe(1);
  // The Message-ID goes into the ticket's custom field within the create itself.
  expect(rtRequests).toEqual(['POST /ticket']);
});

test('a create whose answer was lost is retried: the retry finds the ticket by its Message-ID, no second ticket', async () => {
  loseCreateAnswer.add('Printer on fire');
  rtRequests.length = 0;
  const delivered = await deliver(
    mail(
      'From: Bo <bo@customer.example>\r\nTo: support@example.com\r\nSubject: Printer on fire\r\nMessage-ID: <bo-1@customer.example>\r\n',
      'Really.',
    ),
  );
  expect(loseCreateAnswer.size).toBe(0);
  expect(rtRequests).toEqual(['POST /ticket', 'GET /tickets']);
  const { data } = await rt.api.get<{ total: number; items: Array<{ id: string }> }>('/tickets', {
    params: { query: "Subject = 'Printer on fire'" },
  });
  expect(data.total).toBe(1);
  expect([...delivered.values()]).toEqual([data.items[0]?.id]);
});

test("after Redis lost popdesk's records, a mail taken in again finds its ticket in RT instead of opening a second", async () => {
  const raw = mail(
    'From: Di <di@customer.example>\r\nTo: support@example.com\r\nSubject: Scanner on fire\r\nMessage-ID: <di-1@customer.example>\r\n',
    'Again.',
  );
  // What a Redis that came back empty leaves behind: a ticket in RT that popdesk knows nothing of.
  const adapter = new RtAdapter({
    url: rt.url,
    auth: { token: rt.token },
    defaultQueue: 'General',
    rtname: rt.rtname,
    timeoutMs: 30_000,
    http: axios.create(),
    now: () => Date.now(),
  });
  const { ticketId } = await adapter.createTicket({
    mail: await parseMail(raw),
    raw,
    mailboxId: 'support',
    idempotencyKey: 'delivered-before-redis-lost-it',
    route: { tags: [] },
  });
  // What the poller's Redis watch writes when it finds the data marker gone.
  const redis = new Redis(env.redis.url);
  try {
    await redis.set(app.keys.recheckUntil(), new Date(Date.now() + 600_000).toISOString());
    expect([...(await deliver(raw)).values()]).toEqual([ticketId]);
  } finally {
    await redis.del(app.keys.recheckUntil());
    redis.disconnect();
  }
  const { data } = await rt.api.get<{ total: number }>('/tickets', {
    params: { query: "Subject = 'Scanner on fire'" },
  });
  expect(data.total).toBe(1);
});

test('routing: a mail to a second address goes to the second queue', async () => {
  const delivered = await deliver(
    mail(
      'From: Cy <cy@prospect.example>\r\nTo: sales@example.com\r\nSubject: Volume pricing\r\nMessage-ID: <cy-1@prospect.example>\r\n',
      'How much for 500?',
    ),
  );
  const [ticketId] = [...delivered.values()];
  expect(await queueName((await rtTicket(ticketId!)).Queue)).toBe('Sales');
});

test('a reply to a resolved ticket reopens it (threading.closedTickets: reopen)', async () => {
  const first = await deliver(
    mail(
      'From: Di <di@customer.example>\r\nTo: support@example.com\r\nSubject: Login fails\r\nMessage-ID: <di-1@customer.example>\r\n',
      'Cannot log in.',
    ),
  );
  const [ticketId] = [...first.values()];
  await rt.api.put(`/ticket/${ticketId}`, { Status: 'resolved' });
  const reply = await deliver(
    mail(
      'From: Di <di@customer.example>\r\nTo: support@example.com\r\nSubject: Re: Login fails\r\n' +
        'Message-ID: <di-2@customer.example>\r\nIn-Reply-To: <di-1@customer.example>\r\n',
      'It happens again.',
    ),
  );
  expect([...reply.values()]).toEqual([ticketId]);
  expect((await rt.api.get<{ Status: string }>(`/ticket/${ticketId}`)).data.Status).toBe('open');
});

test('with closedTickets: new-ticket, a reply to a resolved ticket opens a new one that refers to it', async () => {
  const first = await deliver(
    mail(
      'From: Ed <ed@customer.example>\r\nTo: support@example.com\r\nSubject: Refund\r\nMessage-ID: <ed-1@customer.example>\r\n',
      'Refund please.',
    ),
  );
  const [oldTicket] = [...first.values()];
  await rt.api.put(`/ticket/${oldTicket}`, { Status: 'resolved' });
  // Another deployment's popdesk (its own Redis prefix): it finds the parent through RT's search.
  const strict = await env.app({
    overrides: {
      helpdesk: { type: 'rt', url: rt.url, token: rt.token, rtname: rt.rtname, defaultQueue: 'General' },
      threading: { closedTickets: 'new-ticket' },
    },
  });
  await strict.startWorkers();
  await env.dovecot.deliver(env.user.username, [
    mail(
      'From: Ed <ed@customer.example>\r\nTo: support@example.com\r\nSubject: Re: Refund\r\n' +
        'Message-ID: <ed-2@customer.example>\r\nIn-Reply-To: <ed-1@customer.example>\r\n',
      'Still no refund.',
    ),
  ]);
  const report = await strict.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await strict.waitForOutcomes(report.queued);
  const [newTicket] = [...outcomes.tickets.values()];
  expect(newTicket).not.toBe(oldTicket);
  const { data } = await rt.api.get<{ _hyperlinks: Array<{ ref: string; id: string }> }>(
    `/ticket/${newTicket}`,
  );
  expect(data._hyperlinks.filter((link) => link.ref === 'refers-to').map((link) => String(link.id))).toEqual([
    oldTicket,
  ]);
  expect((await rt.api.get<{ Status: string }>(`/ticket/${oldTicket}`)).data.Status).toBe('resolved');
});

/** The types of a ticket's transactions, oldest first (Create, Correspond, Comment, Status...). */
async function transactionTypes(id: string): Promise<string[]> {
  const { data } = await rt.api.get<{ items: Array<{ id: string }> }>(`/ticket/${id}/history`, {
    params: { per_page: 100 },
  });
  const types: string[] = [];
  for (const item of data.items) {
    types.push((await rt.api.get<{ Type: string }>(`/transaction/${item.id}`)).data.Type);
  }
  return types;
}

test('with autoReplies: note, an out-of-office becomes a comment on an open ticket and leaves a resolved one resolved', async () => {
  const tickets = await deliver(
    mail(
      'From: Flo <flo@customer.example>\r\nTo: support@example.com\r\nSubject: Printer\r\nMessage-ID: <flo-1@customer.example>\r\n',
      'The printer jams.',
    ),
    mail(
      'From: Gus <gus@customer.example>\r\nTo: support@example.com\r\nSubject: Scanner\r\nMessage-ID: <gus-1@customer.example>\r\n',
      'The scanner is slow.',
    ),
  );
  const ids = [...tickets.values()];
  const subjects = await Promise.all(ids.map(async (id) => (await rtTicket(id)).Subject));
  const flo = ids[subjects.indexOf('Printer')] ?? '';
  const gus = ids[subjects.indexOf('Scanner')] ?? '';
  await rt.api.put(`/ticket/${flo}`, { Status: 'resolved' });
  // Another deployment's popdesk (its own Redis prefix): it finds the tickets through RT's search.
  const noting = await env.app({
    overrides: {
      helpdesk: { type: 'rt', url: rt.url, token: rt.token, rtname: rt.rtname, defaultQueue: 'General' },
      hygiene: { autoReplies: 'note' },
    },
  });
  await noting.startWorkers();
  const outOfOffice = (who: string, parent: string) =>
    mail(
      `From: ${who} <${who.toLowerCase()}@customer.example>\r\nTo: support@example.com\r\nSubject: Automatic reply: Re: your ticket\r\n` +
        `Message-ID: <ooo-${parent}>\r\nIn-Reply-To: <${parent}>\r\nAuto-Submitted: auto-replied\r\n`,
      'I am away until Monday.',
    );
  await env.dovecot.deliver(env.user.username, [
    outOfOffice('Flo', 'flo-1@customer.example'),
    outOfOffice('Gus', 'gus-1@customer.example'),
  ]);
  const report = await noting.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await noting.waitForOutcomes(report.queued);

  expect(outcomes.filtered).toHaveLength(1);
  expect([...outcomes.tickets.values()]).toEqual([gus]);
  expect((await rt.api.get<{ Status: string }>(`/ticket/${flo}`)).data.Status).toBe('resolved');
  expect(await transactionTypes(flo)).not.toContain('Comment');
  expect((await rt.api.get<{ Status: string }>(`/ticket/${gus}`)).data.Status).toBe('new');
  const gusTypes = await transactionTypes(gus);
  expect(gusTypes.filter((type) => type === 'Comment')).toHaveLength(1);
  expect(gusTypes).not.toContain('Correspond');
});
