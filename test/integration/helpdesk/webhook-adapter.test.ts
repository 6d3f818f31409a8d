import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import {
  type ScriptedResponse,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../dev/servers/webhook-receiver.js';
import { WebhookAdapter } from '../../../src/helpdesk/webhook/webhook-adapter.js';
import { WebhookBody } from '../../../src/helpdesk/webhook/webhook-body.js';
import { buildWebhookEnvelope } from '../../../src/helpdesk/webhook/webhook-payload.js';
import {
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
} from '../../../src/helpdesk/webhook/webhook-signature.js';
import { failure } from '../../unit/helpdesk/helpdesk-failure.js';
import { testAttachment, testMail, testRequest } from '../../unit/helpdesk/test-request.js';

const secret = 'webhook-test-secret-0123456789';
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(
  script?: (n: number) => ScriptedResponse | undefined,
  receiverSecret = secret,
): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver({
    secret: receiverSecret,
    ...(script !== undefined ? { script: (_payload, n) => script(n) } : {}),
  });
  receivers.push(started);
  return started;
}

function adapter(url: string): WebhookAdapter {
  return new WebhookAdapter({ url, secret, timeoutMs: 2000, http: axios.create(), now: () => Date.now() });
}

const mail = testMail({
  from: { address: 'renee@example.fr', name: 'Renée' },
  attachments: [testAttachment('f.bin', Buffer.from([1, 2, 3]))],
});
const request = testRequest(mail, {
  raw: Buffer.from('Subject: x\r\n\r\nbody\r\n'),
  route: { target: 'Billing', priority: 'high', tags: ['vip'] },
});

describe('webhook adapter against a receiver that follows the contract', () => {
  test('creates a ticket with the mail and its attachment, signed', async () => {
    const server = await receiver();
    const { ticketId } = await adapter(server.url).createTicket(request);
    const ticket = server.tickets.get(ticketId);
    expect(ticket?.payload.message.subject).toBe('Problème de facture');
    expect(ticket?.payload.route).toEqual({ target: 'Billing', priority: 'high', tags: ['vip'] });
    expect(ticket?.payload.message.from).toEqual({ address: 'renee@example.fr', name: 'Renée' });
    expect(Buffer.from(ticket!.payload.attachments[0]!.contentBase64, 'base64')).toEqual(
      Buffer.from([1, 2, 3]),
    );
    expect(server.rejected).toBe(0);
  });

  test('a repeated request with the same idempotency key opens no second ticket', async () => {
    const server = await receiver();
    const first = await adapter(server.url).createTicket(request);
    const second = await adapter(server.url).createTicket(request);
    expect(second).toEqual(first);
    expect(server.tickets.size).toBe(1);
  });

  test('a reply goes to the named ticket', async () => {
    const server = await receiver();
    const { ticketId } = await adapter(server.url).createTicket(request);
    await adapter(server.url).addReply(ticketId, { ...request, idempotencyKey: 'm-reply' });
    expect(server.tickets.get(ticketId)?.replies).toHaveLength(1);
  });
});

describe('internal notes and classification', () => {
  const autoReply = {
    ...request,
    idempotencyKey: 'm-auto-reply',
    classification: { class: 'auto-reply' as const, signals: ['Auto-Submitted: auto-replied'] },
  };

  test('a note is a ticket.note on the named ticket, kept apart from replies, with its classification', async () => {
    const server = await receiver();
    const { ticketId } = await adapter(server.url).createTicket(request);
    expect(await adapter(server.url).addNote(ticketId, autoReply)).toEqual({ ticketId });
    const ticket = server.tickets.get(ticketId);
    expect(ticket?.replies).toEqual([]);
    expect(ticket?.notes).toHaveLength(1);
    expect(ticket?.notes[0]).toMatchObject({
      event: 'ticket.note',
      ticketId,
      idempotencyKey: 'm-auto-reply',
      message: { classification: { class: 'auto-reply', signals: ['Auto-Submitted: auto-replied'] } },
    });
    expect(server.tickets.size).toBe(1);
  });

  test('a repeated note with the same idempotency key adds no second note', async () => {
    const server = await receiver();
    const { ticketId } = await adapter(server.url).createTicket(request);
    await adapter(server.url).addNote(ticketId, autoReply);
    await adapter(server.url).addNote(ticketId, autoReply);
    expect(server.tickets.get(ticketId)?.notes).toHaveLength(1);
  });

  test('a note on a ticket the receiver does not have is a permanent 404', async () => {
    const server = await receiver();
    expect(await failure(adapter(server.url).addNote('99', autoReply))).toMatchObject({
      status: 404,
      retryable: false,
    });
    expect(server.tickets.size).toBe(0);
  });

  test('the dev receiver refuses an event it does not know instead of opening a ticket for it', async () => {
    const server = await receiver();
    const body = JSON.stringify({
      ...JSON.parse(
        Buffer.concat([
          ...new WebhookBody(
            buildWebhookEnvelope('ticket.create', request, null),
            request.mail.attachments.map((attachment) => attachment.content),
          ).chunks(),
        ]).toString('utf8'),
      ),
      event: 'ticket.merge',
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const answer = await axios.post(server.url, body, {
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(secret, timestamp, body),
      },
      validateStatus: () => true,
    });
    expect(answer.status).toBe(422);
    expect(server.tickets.size).toBe(0);
  });

  test('an unclassified mail says so: class normal, no signals', async () => {
    const server = await receiver();
    const { ticketId } = await adapter(server.url).createTicket(request);
    expect(server.tickets.get(ticketId)?.payload.message.classification).toEqual({
      class: 'normal',
      signals: [],
    });
  });
});

describe('webhook adapter failures', () => {
  test('422 is permanent and keeps the body', async () => {
    const server = await receiver(() => ({ status: 422, body: '{"error":"invalid requester"}' }));
    const error = await failure(adapter(server.url).createTicket(request));
    expect(error).toMatchObject({
      status: 422,
      retryable: false,
      responseBody: '{"error":"invalid requester"}',
    });
  });

  test('a wrong secret is a 401 from the receiver: permanent', async () => {
    const server = await receiver(undefined, 'the-receiver-has-another-secret');
    const error = await failure(adapter(server.url).createTicket(request));
    expect(error).toMatchObject({ status: 401, retryable: false });
  });

  test('429 with Retry-After carries the wait', async () => {
    const server = await receiver(() => ({ status: 429, headers: { 'retry-after': '7' } }));
    const error = await failure(adapter(server.url).createTicket(request));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7000 });
  });

  test('503 is retryable', async () => {
    const server = await receiver(() => ({ status: 503 }));
    expect(await failure(adapter(server.url).createTicket(request))).toMatchObject({
      status: 503,
      retryable: true,
    });
  });

  test('an unreachable receiver is retryable', async () => {
    const server = await receiver();
    const url = server.url;
    await server.close();
    receivers.length = 0;
    const error = await failure(adapter(url).createTicket(request));
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
  });

  test('a 2xx without a ticket id cannot be recorded: permanent', async () => {
    const server = await receiver(() => ({ status: 200, body: 'OK' }));
    expect(await failure(adapter(server.url).createTicket(request))).toMatchObject({ retryable: false });
  });
});
