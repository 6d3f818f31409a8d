import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import type { TicketRequest } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { ZammadAdapter } from '../../../../src/helpdesk/zammad/zammad-adapter.js';
import {
  type FakeZammad,
  type FakeZammadOptions,
  type ScriptedZammadResponse,
  startFakeZammad,
} from '../../../support/fake-zammad.js';
import { failure } from '../../../unit/helpdesk/helpdesk-failure.js';
import { readFixture } from '../../../unit/mail/read-fixture.js';
import { parsedRequest } from '../helpdesk-requests.js';

const token = 'zammad-test-token';
const now = Date.parse('2026-11-26T10:00:00Z');
const fakes: FakeZammad[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function zammad(options: Partial<FakeZammadOptions> = {}): Promise<FakeZammad> {
  const fake = await startFakeZammad({ token, ...options });
  fakes.push(fake);
  return fake;
}

async function scripted(response: ScriptedZammadResponse): Promise<FakeZammad> {
  return zammad({ script: () => response });
}

function adapter(url: string, adapterToken = token): ZammadAdapter {
  return new ZammadAdapter({
    url,
    token: adapterToken,
    defaultGroup: 'Users',
    timeoutMs: 2000,
    http: axios.create(),
    now: () => now,
  });
}

function mail(route: TicketRequest['route'] = { tags: [] }): Promise<TicketRequest> {
  return parsedRequest(readFixture('mixed-pdf-png.eml'), route, 'm-1');
}

describe('zammad adapter failures', () => {
  test('a wrong token is 401: permanent, nothing stored', async () => {
    const server = await zammad();
    const error = await failure(adapter(server.url, 'wrong-token').createTicket(await mail()));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.responseBody).toContain('authentication failed');
    expect(server.unauthorized).toBe(1);
    expect(server.tickets.size).toBe(0);
  });

  test('an unknown group is 422 with the lookup error: permanent, kept for the dead letter', async () => {
    const server = await zammad();
    const error = await failure(adapter(server.url).createTicket(await mail({ target: 'Nope', tags: [] })));
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect(error.message).toContain(`No lookup value found for 'group': "Nope"`);
    expect(JSON.parse(error.responseBody ?? '{}')).toMatchObject({
      error: `No lookup value found for 'group': "Nope"`,
    });
    expect(server.tickets.size).toBe(0);
  });

  test('an unknown priority name is 422 as well', async () => {
    const server = await zammad();
    const zammadAdapter = new ZammadAdapter({
      url: server.url,
      token,
      defaultGroup: 'Users',
      priorities: { low: '1 low', normal: '2 normal', high: '3 high', urgent: '4 urgent' },
      timeoutMs: 2000,
      http: axios.create(),
      now: () => now,
    });
    const error = await failure(zammadAdapter.createTicket(await mail({ priority: 'urgent', tags: [] })));
    expect(error).toMatchObject({ status: 422, retryable: false });
  });

  test('a reply to a ticket that does not exist is 404: permanent', async () => {
    const server = await zammad();
    const error = await failure(adapter(server.url).addReply('4242', await mail()));
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect(error.message).toContain("Couldn't find Ticket");
  });

  test('a reply to a ticket id that is not a number never leaves popdesk', async () => {
    const server = await zammad();
    const error = await failure(adapter(server.url).addReply('RT-7', await mail()));
    expect(error).toMatchObject({ status: undefined, retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  test('429 with Retry-After seconds carries the wait', async () => {
    const server = await scripted({ status: 429, headers: { 'retry-after': '17' } });
    const error = await failure(adapter(server.url).createTicket(await mail()));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 17_000 });
  });

  test('429 with a Retry-After date carries the wait from now', async () => {
    const server = await scripted({
      status: 429,
      headers: { 'retry-after': 'Thu, 26 Nov 2026 10:01:00 GMT' },
    });
    const error = await failure(adapter(server.url).findTicketByMessageId('a@b'));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 60_000 });
  });

  test.each([500, 502, 503])('%i is retryable', async (status) => {
    const server = await scripted({ status, body: '<html>Bad Gateway</html>' });
    const error = await failure(adapter(server.url).createTicket(await mail()));
    expect(error).toMatchObject({ status, retryable: true, retryAfterMs: undefined });
    expect(error.responseBody).toBe('<html>Bad Gateway</html>');
  });

  test('failures of the lookups are classified the same way', async () => {
    const server = await scripted({ status: 503 });
    const zammadAdapter = adapter(server.url);
    for (const call of [
      zammadAdapter.ticketFromSubject('[Ticket#31001] x'),
      zammadAdapter.ticketState('1'),
      zammadAdapter.reopenTicket('1'),
    ]) {
      expect(await failure(call)).toMatchObject({ status: 503, retryable: true });
    }
  });

  test('a dropped connection is retryable', async () => {
    const server = await scripted({ drop: 'before' });
    const error = await failure(adapter(server.url).createTicket(await mail()));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.cause).toBeDefined();
  });

  test('a server that is gone is retryable', async () => {
    const server = await zammad();
    const url = server.url;
    await server.close();
    fakes.length = 0;
    const error = await failure(adapter(url).createTicket(await mail()));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  test('a 201 without a ticket id cannot be recorded: permanent', async () => {
    const server = await scripted({ status: 201, body: 'OK' });
    const error = await failure(adapter(server.url).createTicket(await mail()));
    expect(error).toMatchObject({ retryable: false });
  });

  test('a timeout is retryable', async () => {
    const server = await scripted({ delayMs: 500 });
    const slow = new ZammadAdapter({
      url: server.url,
      token,
      defaultGroup: 'Users',
      timeoutMs: 50,
      http: axios.create(),
      now: () => now,
    });
    const error = await failure(slow.createTicket(await mail()));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.message).toContain('ECONNABORTED');
  });
});
