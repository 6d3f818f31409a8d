import { describe, expect, test } from 'vitest';
import { RtClient, type RtRequest } from '../../../../src/helpdesk/rt/rt-client.js';
import { failure } from '../helpdesk-failure.js';
import { type FakeAnswer, fakeHttp } from './fake-rt-http.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const PASSWORD = 'secret-password-42';
const TOKEN = '1-23-0123456789abcdef0123456789abcdef';

function client(answer: FakeAnswer, auth: 'password' | 'token' = 'password') {
  const fake = fakeHttp(() => answer);
  const rest = new RtClient({
    url: 'https://rt.example.com/rt/',
    auth: auth === 'token' ? { token: TOKEN } : { username: 'popdesk', password: PASSWORD },
    timeoutMs: 5000,
    http: fake.http,
    now: () => NOW,
  });
  return { rest, requests: fake.requests };
}

const GET: RtRequest = { method: 'GET', path: '/ticket/1' };

describe('RtClient requests', () => {
  test('JSON to REST2 below the base URL, Basic authentication, no redirects followed', async () => {
    const { rest, requests } = client({ status: 201, body: { id: '7' } });
    const answer = await rest.send({
      method: 'POST',
      path: '/ticket',
      query: { query: "'CF.{Message-ID}' = 'a b+c'" },
      body: { Subject: 'é' },
    });
    expect(answer).toEqual({ status: 201, body: { id: '7' } });
    const [sent] = requests;
    expect(sent?.url).toBe(
      'https://rt.example.com/rt/REST/2.0/ticket?query=%27CF.%7BMessage-ID%7D%27+%3D+%27a+b%2Bc%27',
    );
    expect(sent?.method).toBe('POST');
    expect(sent?.data).toBe('{"Subject":"é"}');
    expect(sent?.headers).toMatchObject({
      authorization: `Basic ${Buffer.from(`popdesk:${PASSWORD}`).toString('base64')}`,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(sent?.maxRedirects).toBe(0);
    expect(sent?.timeout).toBe(5000);
    expect(sent).not.toHaveProperty('auth');
  });

  test('an auth token is sent as RT expects it', async () => {
    const { rest, requests } = client({ status: 200, body: {} }, 'token');
    await rest.send(GET);
    expect(requests[0]?.headers).toMatchObject({ authorization: `token ${TOKEN}` });
  });

  test('a 404 can be an answer', async () => {
    const { rest } = client({ status: 404, body: { message: 'Not Found' } });
    await expect(rest.send({ ...GET, notFoundIsAnswer: true })).resolves.toEqual({
      status: 404,
      body: { message: 'Not Found' },
    });
    expect((await failure(rest.send(GET))).status).toBe(404);
  });
});

describe('RtClient failures', () => {
  test.each([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [412, false],
    [422, false],
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])('status %d: retryable %s, with the body', async (status, retryable) => {
    const { rest } = client({ status, body: { message: `status ${status}` } });
    const error = await failure(rest.send(GET));
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.responseBody).toBe(`{"message":"status ${status}"}`);
    expect(error.message).toBe(`RT answered ${status} to GET /ticket/1`);
  });

  test('Retry-After in seconds or as a date', async () => {
    expect(
      (await failure(client({ status: 429, headers: { 'retry-after': '120' } }).rest.send(GET))).retryAfterMs,
    ).toBe(120_000);
    const dated = client({ status: 503, headers: { 'retry-after': 'Thu, 26 Nov 2026 10:00:30 GMT' } });
    expect((await failure(dated.rest.send(GET))).retryAfterMs).toBe(30_000);
  });

  test('a redirect means a wrong url: not retried, the target named', async () => {
    const { rest } = client({ status: 302, headers: { location: 'https://sso.example.com/login' } });
    const error = await failure(rest.send(GET));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('https://sso.example.com/login');
  });

  test('a 2xx that is not JSON (a login page) is not retried', async () => {
    const { rest } = client({ status: 200, body: '<html>Login</html>' });
    const error = await failure(rest.send(GET));
    expect(error.retryable).toBe(false);
    expect(error.responseBody).toBe('<html>Login</html>');
  });

  test('no answer is retryable; the error carries no request config and no credentials', async () => {
    const axiosLike = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
      code: 'ECONNREFUSED',
      config: {
        auth: { username: 'popdesk', password: PASSWORD },
        headers: { authorization: `token ${TOKEN}` },
      },
    });
    const { rest } = client({ error: axiosLike });
    const error = await failure(rest.send(GET));
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('RT could not be reached (GET /ticket/1): ECONNREFUSED');
    expect(error.cause).not.toBe(axiosLike);
    const everything = JSON.stringify({ ...error, message: error.message, cause: String(error.cause) });
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(TOKEN);
  });
});
