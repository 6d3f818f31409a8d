import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookPayload } from '../../src/helpdesk/webhook/webhook-payload.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from '../../src/helpdesk/webhook/webhook-signature.js';

/**
 * A ticket as the receiver holds it: the create payload, every reply added to it, and apart from
 * those the internal notes (auto-replies, bounces), which a helpdesk shows to agents only.
 */
export interface ReceivedTicket {
  readonly ticketId: string;
  readonly payload: WebhookPayload;
  readonly replies: WebhookPayload[];
  readonly notes: WebhookPayload[];
}

/** A canned answer that replaces the normal one, for failure tests. */
export interface ScriptedResponse {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link startWebhookReceiver}. */
export interface WebhookReceiverOptions {
  readonly secret: string;
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
  /** Called for each verified request before it is handled; a returned response is sent instead. */
  readonly script?: (payload: WebhookPayload, requestNumber: number) => ScriptedResponse | undefined;
  /** Called after a new ticket, reply or note was stored, before the answer is sent. */
  readonly onStored?: (ticket: ReceivedTicket, payload: WebhookPayload) => void;
  readonly now?: () => number;
  /** Milliseconds every answer waits, like a helpdesk that takes that long per request (benchmarks). */
  readonly delayMs?: number;
}

/** A running receiver and what it received. */
export interface WebhookReceiver {
  readonly url: string;
  readonly tickets: ReadonlyMap<string, ReceivedTicket>;
  /** Requests that failed signature verification. */
  readonly rejected: number;
  /** Every verified request, including repeated ones and scripted failures. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * A helpdesk stand-in that follows popdesk's webhook contract (docs/webhook.md) the way a real
 * receiver should: it verifies the signature, honours `Idempotency-Key` (a repeated key gets
 * the first answer and creates nothing), and answers `{"ticketId"}`. The demo prints what it
 * receives; tests count its tickets and script its failures.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const tickets = new Map<string, ReceivedTicket>();
  const answers = new Map<string, string>();
  const now = options.now ?? (() => Date.now());
  const state = { rejected: 0, requests: 0 };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (options.delayMs !== undefined && options.delayMs > 0) await sleep(options.delayMs);
    const signed = verifyWebhookSignature(
      options.secret,
      body,
      headerValue(request, TIMESTAMP_HEADER),
      headerValue(request, SIGNATURE_HEADER),
      Math.floor(now() / 1000),
    );
    if (!signed) {
      state.rejected += 1;
      return send(response, 401, { error: 'bad signature' });
    }
    const payload = JSON.parse(body.toString('utf8')) as WebhookPayload;
    state.requests += 1;
    const scripted = options.script?.(payload, state.requests);
    if (scripted !== undefined) {
      response.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      response.end(scripted.body ?? '{}');
      return;
    }
    const key = headerValue(request, 'idempotency-key') ?? randomUUID();
    const earlier = answers.get(key);
    if (earlier !== undefined) return send(response, 200, { ticketId: earlier, repeated: true });

    let ticket: ReceivedTicket | undefined;
    if (payload.event === 'ticket.create') {
      ticket = { ticketId: String(tickets.size + 1), payload, replies: [], notes: [] };
      tickets.set(ticket.ticketId, ticket);
    } else if (payload.event === 'ticket.reply' || payload.event === 'ticket.note') {
      ticket = payload.ticketId === null ? undefined : tickets.get(payload.ticketId);
      if (ticket === undefined) return send(response, 404, { error: `no ticket ${payload.ticketId}` });
      (payload.event === 'ticket.note' ? ticket.notes : ticket.replies).push(payload);
    } else {
      // docs/webhook.md: an event the receiver does not know is refused, never taken for a create.
      return send(response, 422, { error: `unknown event ${String(payload.event)}` });
    }
    answers.set(key, ticket.ticketId);
    options.onStored?.(ticket, payload);
    send(response, payload.event === 'ticket.create' ? 201 : 200, { ticketId: ticket.ticketId });
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tickets`,
    tickets,
    get rejected() {
      return state.rejected;
    },
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
