import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import type { TicketRequest } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { OsTicketAdapter, type OsTicketMode } from '../../../../src/helpdesk/osticket/osticket-adapter.js';
import {
  type FakeOsTicket,
  type FakeOsTicketOptions,
  type ScriptedOsTicketResponse,
  startFakeOsTicket,
} from '../../../support/fake-osticket.js';
import { failure } from '../../../unit/helpdesk/helpdesk-failure.js';
import { readFixture } from '../../../unit/mail/read-fixture.js';
import { parsedRequest } from '../helpdesk-requests.js';

const apiKey = '0123456789ABCDEF0123456789ABCDEF';
const now = Date.parse('2026-11-26T10:00:00Z');
const modes: OsTicketMode[] = ['json', 'raw-mail'];
const fakes: FakeOsTicket[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function osTicket(options: Partial<FakeOsTicketOptions> = {}): Promise<FakeOsTicket> {
  const fake = await startFakeOsTicket({ apiKey, ...options });
  fakes.push(fake);
  return fake;
}

async function scripted(response: ScriptedOsTicketResponse): Promise<FakeOsTicket> {
  return osTicket({ script: () => response });
}

function adapter(url: string, mode: OsTicketMode, key = apiKey, timeoutMs = 2000): OsTicketAdapter {
  return new OsTicketAdapter({ url, apiKey: key, mode, timeoutMs, http: axios.create(), now: () => now });
}

function mail(route: TicketRequest['route'] = { tags: [] }): Promise<TicketRequest> {
  return parsedRequest(readFixture('mixed-pdf-png.eml'), route, 'm-1');
}

describe.each(modes)('osTicket adapter failures (%s mode)', (mode) => {
  test('a wrong API key is 401: permanent, nothing stored', async () => {
    const server = await osTicket();
    const error = await failure(adapter(server.url, mode, 'WRONG').createTicket(await mail()));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toContain('Valid API key required');
    expect(server.unauthorized).toBe(1);
    expect(server.tickets.size).toBe(0);
  });

  test('a wrong API URL is 404: permanent', async () => {
    const server = await osTicket();
    const error = await failure(adapter(`${server.url}/http.php/v2`, mode).createTicket(await mail()));
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  test.each([
    { status: 400, body: 'Unable to create new ticket: validation errors:\nemail: Valid email required' },
    { status: 403, body: 'Ticket denied: banned@example.com' },
    { status: 415, body: 'Unsupported data format' },
    { status: 422, body: 'Unprocessable' },
  ])('$status is permanent and keeps the reason', async ({ status, body }) => {
    const server = await scripted({ status, body });
    const error = await failure(adapter(server.url, mode).createTicket(await mail()));
    expect(error).toMatchObject({ status, retryable: false, responseBody: body });
    expect(error.message).toContain(body.split('\n')[0]);
  });

  test('429 with Retry-After carries the wait', async () => {
    const server = await scripted({ status: 429, headers: { 'retry-after': '30' } });
    const error = await failure(adapter(server.url, mode).addReply('100001', await mail()));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 30_000 });
  });

  test.each([
    { status: 500, body: '<b>Fatal error</b>: Uncaught mysqli_sql_exception: Too many connections' },
    { status: 503, body: 'Service Unavailable' },
  ])("$status without osTicket's refusal is retryable", async ({ status, body }) => {
    const server = await scripted({ status, body });
    const error = await failure(adapter(server.url, mode).createTicket(await mail()));
    expect(error).toMatchObject({ status, retryable: true });
  });

  test('500 "Unable to create new ticket" is osTicket refusing the mail: permanent, reason kept', async () => {
    const body = 'Unable to create new ticket :user\nIncomplete client information';
    const server = await scripted({ status: 500, body });
    const error = await failure(adapter(server.url, mode).createTicket(await mail()));
    expect(error).toMatchObject({ status: 500, retryable: false, responseBody: body });
    expect(error.message).toContain('Unable to create new ticket :user');
  });

  test('a ticket number in a custom format (HD/######) is taken as the answer', async () => {
    const server = await scripted({ status: 201, body: 'HD/207109' });
    expect(await adapter(server.url, mode).createTicket(await mail())).toEqual({ ticketId: 'HD/207109' });
  });

  test('a dropped connection is retryable', async () => {
    const server = await scripted({ drop: 'before' });
    const error = await failure(adapter(server.url, mode).createTicket(await mail()));
    expect(error).toMatchObject({ status: undefined, retryable: true });
  });

  test('a server that is gone is retryable', async () => {
    const server = await osTicket();
    const url = server.url;
    await server.close();
    fakes.length = 0;
    const error = await failure(adapter(url, mode).createTicket(await mail()));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  test('a timeout is retryable', async () => {
    const server = await scripted({ delayMs: 500 });
    const error = await failure(adapter(server.url, mode, apiKey, 50).createTicket(await mail()));
    expect(error).toMatchObject({ status: undefined, retryable: true });
  });

  test('a 201 without a ticket number cannot be recorded: permanent', async () => {
    const server = await scripted({ status: 201, body: '<html>Welcome</html>' });
    const error = await failure(adapter(server.url, mode).createTicket(await mail()));
    expect(error).toMatchObject({ status: 201, retryable: false });
  });
});

describe('osTicket adapter, json mode, refusals that never leave popdesk', () => {
  test('a route target that is not a topic id', async () => {
    const server = await osTicket();
    const error = await failure(
      adapter(server.url, 'json').createTicket(await mail({ target: 'Billing', tags: [] })),
    );
    expect(error).toMatchObject({ status: undefined, retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  test('a mail without a From address', async () => {
    const server = await osTicket();
    const request = await mail();
    const error = await failure(
      adapter(server.url, 'json').createTicket({ ...request, mail: { ...request.mail, from: undefined } }),
    );
    expect(error).toMatchObject({ status: undefined, retryable: false });
    expect(server.requests).toHaveLength(0);
  });
});
