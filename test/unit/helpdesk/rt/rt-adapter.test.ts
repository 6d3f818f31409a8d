import type { AxiosRequestConfig } from 'axios';
import { describe, expect, test } from 'vitest';
import { HelpdeskError } from '../../../../src/helpdesk/helpdesk-error.js';
import { RtAdapter } from '../../../../src/helpdesk/rt/rt-adapter.js';
import { type FakeAnswer, fakeHttp, pathOf } from './fake-rt-http.js';
import { request } from './rt-fixtures.js';

const GENERAL = {
  id: 1,
  Name: 'General',
  TicketCustomFields: [{ id: '2', name: 'Message-ID' }],
  TicketTransactionCustomFields: [{ id: '4', name: 'Message-ID' }],
};

function adapter(answer: (config: AxiosRequestConfig, n: number) => FakeAnswer) {
  const fake = fakeHttp(answer);
  const rt = new RtAdapter({
    url: 'https://rt.example.com',
    auth: { token: 't' },
    defaultQueue: 'General',
    rtname: 'example.com',
    timeoutMs: 1000,
    http: fake.http,
    now: () => 0,
  });
  return { rt, requests: fake.requests };
}

describe('RtAdapter (scripted REST2)', () => {
  test('the queue is checked once, then tickets are created with field ids', async () => {
    const { rt, requests } = adapter((config) =>
      pathOf(config) === '/queue/General'
        ? { status: 200, body: GENERAL }
        : { status: 201, body: { id: '9' } },
    );
    await expect(rt.createTicket(request())).resolves.toEqual({ ticketId: '9' });
    await expect(rt.createTicket(request())).resolves.toEqual({ ticketId: '9' });
    expect(requests.map(pathOf)).toEqual(['/queue/General', '/ticket', '/ticket']);
    expect(JSON.parse(String(requests[1]?.data))).toMatchObject({
      Queue: '1',
      CustomFields: { '2': 'abc@mail.example.fr' },
    });
  });

  test('a failed queue check is not remembered', async () => {
    let queueAnswers = 0;
    const { rt } = adapter((config) => {
      if (pathOf(config) !== '/queue/General') return { status: 201, body: { id: '9' } };
      queueAnswers += 1;
      return queueAnswers === 1 ? { status: 503 } : { status: 200, body: GENERAL };
    });
    const error = await rt.createTicket(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelpdeskError);
    expect((error as HelpdeskError).retryable).toBe(true);
    await expect(rt.createTicket(request())).resolves.toEqual({ ticketId: '9' });
  });

  test('a queue without the fields is refused for good, naming them', async () => {
    const { rt } = adapter(() => ({
      status: 200,
      body: { id: 1, TicketCustomFields: [], TicketTransactionCustomFields: [] },
    }));
    const error = (await rt.createTicket(request()).catch((e: unknown) => e)) as HelpdeskError;
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('ticket custom field "Message-ID"');
    expect(error.message).toContain('transaction custom field "Message-ID"');
  });

  test('a 201 without an id is not a ticket', async () => {
    const { rt } = adapter((config) =>
      pathOf(config) === '/queue/General' ? { status: 200, body: GENERAL } : { status: 201, body: {} },
    );
    const error = (await rt.createTicket(request()).catch((e: unknown) => e)) as HelpdeskError;
    expect(error).toBeInstanceOf(HelpdeskError);
    expect(error.retryable).toBe(false);
  });

  test('findTicketByMessageId answers the merge survivor', async () => {
    const { rt, requests } = adapter(() => ({
      status: 200,
      body: { total: 1, items: [{ id: '12', EffectiveId: '7', type: 'ticket' }] },
    }));
    await expect(rt.findTicketByMessageId("a'b@x")).resolves.toBe('7');
    expect(pathOf(requests[0] ?? {})).toContain("'CF.{Message-ID}' = 'a\\'b@x'");
  });

  test('findTicketByMessageId: nothing found', async () => {
    const { rt } = adapter(() => ({ status: 200, body: { total: 0, items: [] } }));
    await expect(rt.findTicketByMessageId('x@y')).resolves.toBeUndefined();
  });

  test('ticketFromSubject asks RT only about tags of this rtname', async () => {
    const { rt, requests } = adapter(() => ({ status: 200, body: { id: 5, Status: 'open' } }));
    await expect(rt.ticketFromSubject('Re: [other.org #5] x')).resolves.toBeUndefined();
    expect(requests).toHaveLength(0);
    await expect(rt.ticketFromSubject('Re: [example.com #5] x')).resolves.toBe('5');
    expect(requests.map(pathOf)).toEqual(['/ticket/5']);
  });

  test('addReply follows a merge before posting', async () => {
    const { rt, requests } = adapter((config) => {
      const path = pathOf(config);
      if (path === '/ticket/12') return { status: 200, body: { id: 7, Status: 'open', Queue: { id: '1' } } };
      if (path === '/queue/1') return { status: 200, body: GENERAL };
      return { status: 201, body: ['Correspondence added'] };
    });
    await expect(rt.addReply('12', request({ messageId: 'r@x' }))).resolves.toEqual({ ticketId: '7' });
    expect(requests.map(pathOf)).toEqual(['/ticket/12', '/queue/1', '/ticket/7/correspond']);
    expect(JSON.parse(String(requests[2]?.data))).toMatchObject({ TxnCustomFields: { '4': 'r@x' } });
  });

  test('ids that are not numbers are never put into a path', async () => {
    const { rt, requests } = adapter(() => ({ status: 200, body: {} }));
    await expect(rt.ticketState('../queue/1')).resolves.toEqual({ kind: 'missing' });
    expect(requests).toHaveLength(0);
  });

  test('an empty rtname or default queue is refused at construction', () => {
    const { http } = fakeHttp(() => ({ status: 200 }));
    const base = { url: 'https://rt', auth: { token: 't' }, timeoutMs: 1, http, now: () => 0 };
    expect(() => new RtAdapter({ ...base, rtname: ' ', defaultQueue: 'General' })).toThrow(/rtname/);
    expect(() => new RtAdapter({ ...base, rtname: 'rt', defaultQueue: '' })).toThrow(/defaultQueue/);
  });
});
