import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookPayload } from '../../src/helpdesk/webhook/webhook-payload.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from '../../src/helpdesk/webhook/webhook-signature.js';
import type { SeededRandom } from '../pop3/seeded-random.js';

/** A ticket the receiver created: which mail it came from and under which key. */
export interface ChaosTicket {
  readonly ticketId: string;
  readonly idempotencyKey: string;
  readonly messageId: string;
  readonly event: WebhookPayload['event'];
}

/** How often the receiver misbehaves, each a probability per request. */
export interface ReceiverFaults {
  readonly serverError: number;
  readonly rateLimited: number;
  /** Slow before the ticket is stored. */
  readonly slowBefore: number;
  /** Slow after the ticket is stored: popdesk may time out on a ticket that exists. */
  readonly slowAfter: number;
  readonly slowMs: readonly [number, number];
  /** Every answer takes this long, as a real helpdesk's API does (RT: about 250 ms). */
  readonly latencyMs: readonly [number, number];
}

/** A running receiver and what it did. */
export interface FlakyReceiver {
  readonly url: string;
  readonly tickets: readonly ChaosTicket[];
  readonly counts: Readonly<
    Record<'requests' | 'serverErrors' | 'rateLimited' | 'slow' | 'repeatedKeys' | 'badSignatures', number>
  >;
  close(): Promise<void>;
}

/**
 * A helpdesk stand-in for the chaos run. Like a careful real receiver it verifies the signature
 * and honours `Idempotency-Key` (a key it has seen gets the first ticket back and creates
 * nothing), so the tickets it holds are exactly what a real helpdesk would hold. Unlike one, it
 * answers 500, 429 with `Retry-After: 1`, or slowly, at random but from a seeded generator.
 */
export async function startFlakyReceiver(
  secret: string,
  faults: ReceiverFaults,
  random: SeededRandom,
): Promise<FlakyReceiver> {
  const tickets: ChaosTicket[] = [];
  const byKey = new Map<string, string>();
  const counts = { requests: 0, serverErrors: 0, rateLimited: 0, slow: 0, repeatedKeys: 0, badSignatures: 0 };

  const answer = (response: ServerResponse, status: number, body: object, headers: object = {}): void => {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const slowly = (): Promise<void> => {
    counts.slow += 1;
    return sleep(random.int(faults.slowMs[0], faults.slowMs[1]));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const stamp = request.headers[TIMESTAMP_HEADER];
    const signature = request.headers[SIGNATURE_HEADER];
    const key = request.headers['idempotency-key'];
    counts.requests += 1;
    if (
      typeof key !== 'string' ||
      !verifyWebhookSignature(
        secret,
        body,
        typeof stamp === 'string' ? stamp : undefined,
        typeof signature === 'string' ? signature : undefined,
        Math.floor(Date.now() / 1000),
      )
    ) {
      counts.badSignatures += 1;
      return answer(response, 401, { error: 'bad signature or no Idempotency-Key' });
    }
    await sleep(random.int(faults.latencyMs[0], faults.latencyMs[1]));
    const dice = random.next();
    if (dice < faults.serverError) {
      counts.serverErrors += 1;
      return answer(response, 503, { error: 'chaos: unavailable' });
    }
    if (dice < faults.serverError + faults.rateLimited) {
      counts.rateLimited += 1;
      return answer(response, 429, { error: 'chaos: slow down' }, { 'retry-after': '1' });
    }
    const slowAfter = dice > 1 - faults.slowAfter;
    if (dice > 1 - faults.slowAfter - faults.slowBefore && !slowAfter) await slowly();
    const payload = JSON.parse(body.toString('utf8')) as WebhookPayload;
    // Looked up and stored without an await between: two requests with one key make one ticket.
    let ticketId = byKey.get(key);
    if (ticketId === undefined) {
      ticketId =
        payload.event === 'ticket.reply' && payload.ticketId !== null
          ? payload.ticketId
          : String(tickets.length + 1);
      byKey.set(key, ticketId);
      tickets.push({
        ticketId,
        idempotencyKey: key,
        messageId: payload.message.messageId,
        event: payload.event,
      });
    } else {
      counts.repeatedKeys += 1;
    }
    if (slowAfter) await slowly();
    answer(response, 201, { ticketId });
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answer(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tickets`,
    tickets,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
