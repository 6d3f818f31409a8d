import { describe, expect, test } from 'vitest';
import { type Pop3Client, type Pop3Credentials, Pop3Error } from '../../../src/pop3/index.js';
import { useFaultServers } from '../../support/fault-pop3-fixture.js';
import { sampleMessages } from '../../support/sample-messages.js';

const { serve, connect, loggedIn } = useFaultServers();

/** Courier 1.0.16's CAPA before login (FACTS.md). */
const COURIER_CAPA = ['STLS', 'TOP', 'USER', 'LOGIN-DELAY 10', 'PIPELINING', 'UIDL', 'SASL PLAIN XOAUTH2'];

const credentials: Record<Pop3Credentials['mechanism'], Pop3Credentials> = {
  user: { mechanism: 'user', username: 'user', password: 'secret' },
  plain: { mechanism: 'plain', username: 'user', password: 'secret' },
  xoauth2: { mechanism: 'xoauth2', username: 'user', accessToken: async () => 'token' },
};

/** What open-mailbox-session does: the listing is queued right behind the login, not after it. */
async function loginAndList(client: Pop3Client, mechanism: Pop3Credentials['mechanism']) {
  const login = client.login(credentials[mechanism]);
  const listing = Promise.all([client.uidl(), client.list()]);
  listing.catch(() => undefined);
  await login;
  return listing;
}

describe('a server that drops what arrives behind a login (Courier)', () => {
  for (const mechanism of ['user', 'plain', 'xoauth2'] as const) {
    test(`${mechanism} login with UIDL and LIST queued behind it lists, fetches and deletes everything`, async () => {
      const messages = sampleMessages();
      const server = await serve({ messages, capabilities: COURIER_CAPA, dropAfterLogin: true });
      const client = await connect(server, { timeoutMs: 1000 });
      const [uidls, sizes] = await loginAndList(client, mechanism);
      expect(uidls.size).toBe(messages.length);
      const bodies = await Promise.all([...sizes.keys()].map((n) => client.retrieve(n)));
      await Promise.all([...sizes.keys()].map((n) => client.dele(n)));
      await client.quit();
      expect(bodies).toEqual(messages);
      expect(server.dropped).toEqual([]);
      expect(server.remaining()).toEqual([]);
    });
  }

  test('nothing follows PASS before its reply; the CAPA after it goes before the queued listing', async () => {
    const server = await serve({
      messages: sampleMessages(),
      capabilities: COURIER_CAPA,
      dropAfterLogin: true,
    });
    const client = await connect(server);
    await loginAndList(client, 'user');
    const pass = server.commands.indexOf('PASS secret');
    expect(server.commands.slice(pass - 1, pass + 4)).toEqual([
      'USER user',
      'PASS secret',
      'CAPA',
      'UIDL',
      'LIST',
    ]);
    expect(server.dropped).toEqual([]);
    await client.quit();
  });

  for (const mechanism of ['plain', 'xoauth2'] as const) {
    test(`after a ${mechanism} exchange the CAPA that decides pipelining goes first, then the queued listing`, async () => {
      const server = await serve({
        messages: sampleMessages(),
        capabilities: COURIER_CAPA,
        capabilitiesAfterLogin: ['TOP', 'UIDL', 'USER'],
        dropAfterLogin: true,
      });
      const client = await connect(server);
      await loginAndList(client, mechanism);
      const auth = server.commands.findIndex((line) => line.startsWith('AUTH '));
      expect(server.commands.slice(auth + 2, auth + 5)).toEqual(['CAPA', 'UIDL', 'LIST']);
      expect(client.capabilities.pipelining).toBe(false);
      await client.quit();
    });
  }

  test('a refused PASS fails the login with the server text, and the session is not left hanging', async () => {
    const server = await serve({ capabilities: COURIER_CAPA, dropAfterLogin: true, password: 'other' });
    const client = await connect(server, { timeoutMs: 1000 });
    const error = await loginAndList(client, 'user').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pop3Error);
    expect((error as Error).message).toMatch(/invalid credentials/);
    client.destroy();
  });
});

describe('pipelining is decided by the CAPA after login (RFC 2449: capabilities may differ per state)', () => {
  test('PIPELINING before login but not after: commands go one at a time', async () => {
    const server = await serve({
      messages: sampleMessages(),
      capabilities: ['USER', 'UIDL', 'PIPELINING'],
      capabilitiesAfterLogin: ['USER', 'UIDL'],
    });
    const client = await loggedIn(server);
    expect(client.capabilities.pipelining).toBe(false);
    const before = server.commands.length;
    const done = Promise.all([1, 2, 3].map((n) => client.retrieve(n)));
    await new Promise((resolve) => setImmediate(resolve));
    const sentAtOnce = server.commands.length - before;
    await done;
    expect(sentAtOnce).toBeLessThanOrEqual(1);
    await client.quit();
  });

  test('PIPELINING only after login: listing and fetches go out together', async () => {
    const server = await serve({
      messages: sampleMessages(),
      capabilities: ['USER', 'UIDL'],
      capabilitiesAfterLogin: ['USER', 'UIDL', 'TOP', 'PIPELINING', 'LOGIN-DELAY 0'],
    });
    const client = await loggedIn(server);
    expect(client.capabilities).toMatchObject({ pipelining: true, top: true, loginDelaySeconds: 0 });
    let seenAtFirstReply: string[] = [];
    const first = client.retrieve(1).then(() => {
      seenAtFirstReply = [...server.commands];
    });
    await Promise.all([first, client.retrieve(2), client.retrieve(3)]);
    expect(seenAtFirstReply.slice(-3)).toEqual(['RETR 1', 'RETR 2', 'RETR 3']);
    await client.quit();
  });
});
