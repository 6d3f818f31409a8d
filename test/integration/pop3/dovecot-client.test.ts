import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type DovecotServer, type DovecotUser, startDovecot } from '../../../dev/servers/dovecot-server.js';
import {
  Pop3AuthError,
  Pop3Client,
  type Pop3ClientOptions,
  Pop3ConnectionError,
  type Pop3Credentials,
} from '../../../src/pop3/index.js';
import { sampleMessages } from '../../support/sample-messages.js';

let dovecot: DovecotServer;
let user: DovecotUser;

beforeAll(async () => {
  dovecot = await startDovecot();
  user = dovecot.users[0]!;
});
afterAll(async () => {
  await dovecot?.stop();
});

/** Each test starts from an empty mailbox. */
beforeEach(async () => {
  const client = await open('implicit');
  await login(client, 'user');
  const sizes = await client.list();
  await Promise.all([...sizes.keys()].map((n) => client.dele(n)));
  await client.quit();
});

function open(tls: Pop3ClientOptions['tls'], extra: Partial<Pop3ClientOptions> = {}): Promise<Pop3Client> {
  return Pop3Client.connect({
    host: dovecot.host,
    port: tls === 'implicit' ? dovecot.pop3sPort : dovecot.pop3Port,
    tls,
    ca: dovecot.certificate,
    servername: 'localhost',
    ...extra,
  });
}

function login(client: Pop3Client, mechanism: Pop3Credentials['mechanism']): Promise<void> {
  if (mechanism === 'xoauth2') {
    return client.login({ mechanism, username: user.username, accessToken: async () => user.token });
  }
  return client.login({ mechanism, username: user.username, password: user.password });
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('connection security and login', () => {
  for (const tls of ['implicit', 'starttls', 'none'] as const) {
    for (const mechanism of ['user', 'plain', 'xoauth2'] as const) {
      test(`${tls} TLS, ${mechanism} login`, async () => {
        const client = await open(tls);
        await login(client, mechanism);
        expect(await client.stat()).toEqual({ count: 0, size: 0 });
        expect(client.capabilities.pipelining).toBe(true);
        await client.quit();
      });
    }
  }

  test('a self-signed certificate is refused unless trusted', async () => {
    const error = await open('implicit', { ca: undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pop3ConnectionError);
    expect(String((error as Error).message)).toMatch(/self-signed|certificate/i);
  });

  test('a certificate for another name is refused, also after STLS', async () => {
    for (const tls of ['implicit', 'starttls'] as const) {
      const error = await open(tls, { servername: 'mail.example.org' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Pop3ConnectionError);
    }
  });

  test('turning verification off works and warns at every connect', async () => {
    const warnings: string[] = [];
    const logger = { debug: () => undefined, warn: (_: object, message: string) => warnings.push(message) };
    for (let i = 0; i < 2; i += 1) {
      const client = await open('implicit', { ca: undefined, verifyCertificate: false, logger });
      await client.quit();
    }
    expect(warnings).toEqual([
      'TLS certificate verification is turned off for this POP3 connection',
      'TLS certificate verification is turned off for this POP3 connection',
    ]);
  });

  test('a wrong XOAUTH2 token is refused with Pop3AuthError', async () => {
    const client = await open('implicit');
    const error = await client
      .login({ mechanism: 'xoauth2', username: user.username, accessToken: async () => 'expired-token' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pop3AuthError);
    expect((error as Pop3AuthError).mechanism).toBe('XOAUTH2');
    expect(String(error)).not.toContain('expired-token');
    client.destroy();
  });
});

describe('fetching and deleting', () => {
  test('messages come back byte for byte, and DELE takes effect only at QUIT', async () => {
    const messages = sampleMessages().filter((m) => !m.includes(0) && !/[^\r]\n/.test(m.toString('latin1')));
    await dovecot.deliver(user.username, messages);

    const first = await open('implicit');
    await login(first, 'user');
    const bodies = await Promise.all(messages.map((_, i) => first.retrieve(i + 1)));
    expect(bodies.map(sha256)).toEqual(messages.map(sha256));
    await Promise.all(messages.map((_, i) => first.dele(i + 1)));
    first.destroy();
    expect(await dovecot.count(user.username)).toBe(messages.length);

    const second = await open('implicit');
    await login(second, 'user');
    await Promise.all(messages.map((_, i) => second.dele(i + 1)));
    await second.quit();
    expect(await dovecot.count(user.username)).toBe(0);
  });

  test('300 pipelined RETR and DELE, then QUIT, empty the mailbox with every body intact', async () => {
    const messages = Array.from({ length: 300 }, (_, i) =>
      Buffer.concat([
        Buffer.from(`From: customer${i}@example.com\r\nSubject: ticket ${i}\r\n\r\n.first line\r\n`),
        Buffer.from(
          randomBytes(200 + i * 37)
            .toString('base64')
            .replace(/.{76}/g, '$&\r\n'),
        ),
        Buffer.from('\r\n'),
      ]),
    );
    await dovecot.deliver(user.username, messages);
    const client = await open('implicit');
    await login(client, 'user');
    const uids = await client.uidl();
    const sizes = await client.list();
    expect(uids.size).toBe(300);
    const digests = await Promise.all(
      [...sizes.keys()].map(async (n) => {
        const body = await client.retrieve(n);
        await client.dele(n);
        return sha256(body);
      }),
    );
    await client.quit();
    expect(digests.sort()).toEqual(messages.map(sha256).sort());
    expect(await dovecot.count(user.username)).toBe(0);
  });

  test('USER, PASS and CAPA go one at a time (no CAPA before login), then the listing and fetches behind them are pipelined', async () => {
    await dovecot.deliver(user.username, sampleMessages());
    const sent: Array<{ command: string; inFlight: number }> = [];
    const logger = {
      debug: (fields: object, message: string) => {
        if (message === 'pop3 command sent') sent.push(fields as { command: string; inFlight: number });
      },
      warn: () => undefined,
    };
    const client = await open('implicit', { logger });
    const login = client.login({ mechanism: 'user', username: user.username, password: user.password });
    const listing = Promise.all([client.uidl(), client.list(), client.retrieve(1), client.retrieve(2)]);
    await login;
    await listing;
    await client.quit();
    expect(sent.map((s) => s.command)).toEqual([
      'USER',
      'PASS',
      'CAPA',
      'UIDL',
      'LIST',
      'RETR',
      'RETR',
      'QUIT',
    ]);
    expect(sent.map((s) => s.inFlight).slice(0, 7)).toEqual([1, 1, 1, 1, 2, 3, 4]);
    expect(client.pipeliningProbe).toBe('advertised');
  });

  test('UIDL is stable across sessions and TOP 0 returns the header block', async () => {
    await dovecot.deliver(user.username, sampleMessages().slice(0, 1));
    const ids: string[] = [];
    for (let session = 0; session < 2; session += 1) {
      const client = await open('implicit');
      await login(client, 'user');
      ids.push(await client.uidl(1));
      if (session === 1) {
        const head = await client.top(1, 0);
        expect(head.toString('latin1')).toMatch(/^From: .*\r\n\r\n$/s);
        expect(head.toString('latin1')).not.toContain('Bonjour');
      }
      await client.quit();
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toMatch(/^\S+$/);
  });

  test('a 40 MB message streams in chunks and arrives intact', async () => {
    const attachment = randomBytes(30 * 1024 * 1024)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const message = Buffer.from(`From: big@example.com\r\nSubject: big\r\n\r\n${attachment}\r\n`);
    await dovecot.deliver(user.username, [message]);
    const client = await open('implicit');
    await login(client, 'user');
    const hash = createHash('sha256');
    let chunks = 0;
    for await (const chunk of client.retrieveStream(1)) {
      hash.update(chunk as Buffer);
      chunks += 1;
    }
    await client.quit();
    expect(hash.digest('hex')).toBe(sha256(message));
    expect(chunks).toBeGreaterThan(10);
  });
});
