import net, { type AddressInfo, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import {
  Pop3AuthError,
  Pop3Client,
  Pop3CommandError,
  Pop3ConnectionError,
  Pop3Error,
  Pop3ProtocolError,
  Pop3TimeoutError,
} from '../../../src/pop3/index.js';
import { rejection, useFaultServers } from '../../support/fault-pop3-fixture.js';
import { sampleMessages } from '../../support/sample-messages.js';

const { serve, connect, loggedIn } = useFaultServers();

describe('a server that writes one byte per segment', () => {
  test('every message arrives byte for byte and DELE commits on QUIT', async () => {
    const messages = sampleMessages();
    const server = await serve({ messages, bytewise: true });
    const client = await loggedIn(server);
    const sizes = await client.list();
    const bodies = await Promise.all([...sizes.keys()].map((n) => client.retrieve(n)));
    await Promise.all([...sizes.keys()].map((n) => client.dele(n)));
    await client.quit();
    expect(bodies).toEqual(messages);
    expect(server.remaining()).toEqual([]);
  });
});

describe('a connection that breaks mid-reply', () => {
  test('a reset during RETR rejects it and every pipelined command with Pop3ConnectionError; nothing is deleted', async () => {
    const messages = sampleMessages();
    const server = await serve({
      messages,
      hook: async (session, verb, args) => {
        if (verb !== 'RETR' || args[0] !== '2') return false;
        await session.send('+OK\r\nFrom: someone\r\n');
        session.socket.resetAndDestroy();
        return true;
      },
    });
    const client = await loggedIn(server);
    const pipelined = [1, 2, 3].flatMap((n) => [client.retrieve(n), client.dele(n)]);
    const outcomes = await Promise.allSettled(pipelined);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', ...Array(4).fill('rejected')]);
    for (const outcome of outcomes.slice(2)) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(Pop3ConnectionError);
    }
    expect(client.usable).toBe(false);
    expect(await rejection(client.noop())).toBeInstanceOf(Pop3ConnectionError);
    expect(server.remaining()).toEqual(messages);
  });

  test('a clean close (FIN) mid-body is a Pop3ConnectionError, not a hang or a short message', async () => {
    const server = await serve({
      messages: sampleMessages(),
      hook: async (session, verb) => {
        if (verb !== 'RETR') return false;
        await session.send('+OK\r\nSubject: cut short\r\n\r\nhalf a bo');
        session.socket.end();
        return true;
      },
    });
    const client = await loggedIn(server);
    const error = await rejection(client.retrieve(1));
    expect(error).toBeInstanceOf(Pop3ConnectionError);
    expect((error as Error).message).toMatch(/closed the connection while a reply was due/);
  });

  test('a stall past the timeout is a Pop3TimeoutError and the socket is closed', async () => {
    const server = await serve({
      messages: sampleMessages(),
      hook: async (session, verb) => {
        if (verb !== 'RETR') return false;
        await session.send('+OK\r\nSubject: slow\r\n');
        return true;
      },
    });
    const client = await loggedIn(server, { timeoutMs: 300 });
    const error = await rejection(client.retrieve(1));
    expect(error).toBeInstanceOf(Pop3TimeoutError);
    expect((error as Pop3TimeoutError).timeoutMs).toBe(300);
    expect(client.usable).toBe(false);
  });

  test('a server that accepts the connection but never greets times out', async () => {
    const silent = await startSilentServer();
    const error = await rejection(
      Pop3Client.connect({ host: '127.0.0.1', port: silent.port, tls: 'none', timeoutMs: 300 }),
    );
    await silent.close();
    expect(error).toBeInstanceOf(Pop3TimeoutError);
  });

  test('a refused connection is a Pop3ConnectionError', async () => {
    const server = await serve({});
    const port = server.port;
    await server.close();
    const error = await rejection(Pop3Client.connect({ host: '127.0.0.1', port, tls: 'none' }));
    expect(error).toBeInstanceOf(Pop3ConnectionError);
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('a server that breaks the protocol', () => {
  test('an -ERR greeting is a Pop3ConnectionError that quotes the server', async () => {
    const server = await serve({ greeting: '-ERR [SYS/TEMP] too many connections' });
    const error = await rejection(connect(server));
    expect(error).toBeInstanceOf(Pop3ConnectionError);
    expect((error as Error).message).toContain('too many connections');
  });

  test('a 1 MB reply line is a Pop3ProtocolError', async () => {
    const server = await serve({
      hook: async (session, verb) => {
        if (verb !== 'STAT') return false;
        await session.send(`+OK ${'9'.repeat(1024 * 1024)}\r\n`);
        return true;
      },
    });
    const client = await loggedIn(server);
    expect(await rejection(client.stat())).toBeInstanceOf(Pop3ProtocolError);
  });

  test('a message longer than LIST announced (Exchange estimates sizes) arrives whole under maxMessageBytes', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x41);
    const server = await serve({
      messages: [Buffer.from('Subject: small\r\n\r\nhi\r\n')],
      hook: async (session, verb) => {
        if (verb !== 'RETR') return false;
        await session.send(Buffer.concat([Buffer.from('+OK\r\n'), body, Buffer.from('\r\n.\r\n')]));
        return true;
      },
    });
    const client = await loggedIn(server, { maxMessageBytes: 4 * 1024 * 1024 });
    expect(await client.list(1)).toBeLessThan(100);
    expect((await client.retrieve(1)).length).toBe(body.length + 2);
    await client.quit();
  });

  test('advertising PIPELINING, then answering one command twice, is a Pop3ProtocolError', async () => {
    const server = await serve({
      messages: sampleMessages(),
      hook: async (session, verb) => {
        if (verb !== 'DELE') return false;
        await session.send('+OK marked\r\n+OK marked again\r\n');
        return true;
      },
    });
    const client = await loggedIn(server);
    const outcomes = await Promise.allSettled([client.dele(1), client.noop()]);
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? o.reason : undefined));
    expect(reasons.some((reason) => reason instanceof Pop3ProtocolError)).toBe(true);
    expect(client.usable).toBe(false);
  });

  test('advertising PIPELINING, then dropping all but the first command of a batch, times out instead of hanging', async () => {
    let seen = 0;
    const server = await serve({
      messages: sampleMessages(),
      hook: (_session, verb) => {
        if (verb !== 'RETR') return false;
        seen += 1;
        return seen > 1;
      },
    });
    const client = await loggedIn(server, { timeoutMs: 300 });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => client.retrieve(n)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3TimeoutError);
  });

  test('before login nothing is pipelined, since no CAPA was asked: USER, PASS and CAPA each wait for the reply before', async () => {
    const server = await serve({});
    const client = await loggedIn(server);
    expect(server.writes).toEqual([['USER user'], ['PASS secret'], ['CAPA']]);
    expect(client.capabilities.pipelining).toBe(true);
    await client.quit();
  });

  test('without PIPELINING in CAPA, commands go one at a time', async () => {
    let inFlightMax = 0;
    const server = await serve({ messages: sampleMessages(), capabilities: ['USER', 'UIDL'] });
    const client = await loggedIn(server);
    const before = server.commands.length;
    const done = Promise.all([1, 2, 3].map((n) => client.retrieve(n)));
    // Lock-step: each RETR goes out only after the previous reply, so the server has seen one.
    await new Promise((resolve) => setImmediate(resolve));
    inFlightMax = server.commands.length - before;
    await done;
    expect(inFlightMax).toBeLessThanOrEqual(1);
  });

  test('bytes injected after the STLS +OK are refused, not read as TLS-protected', async () => {
    const server = await serve({
      capabilities: ['STLS', 'USER'],
      hook: async (session, verb) => {
        if (verb !== 'STLS') return false;
        await session.send('+OK begin TLS\r\n+OK injected\r\n');
        return true;
      },
    });
    const error = await rejection(connect(server, { tls: 'starttls' }));
    expect(error).toBeInstanceOf(Pop3Error);
  });

  test('a server that refuses STLS is not used in plaintext', async () => {
    const server = await serve({ capabilities: ['USER'] });
    const error = await rejection(connect(server, { tls: 'starttls' }));
    expect(error).toBeInstanceOf(Pop3ConnectionError);
    expect((error as Error).message).toMatch(/refused STLS/);
    expect(server.commands).not.toContain('USER user');
  });

  test('a -ERR to one command leaves the session usable', async () => {
    const server = await serve({ messages: sampleMessages() });
    const client = await loggedIn(server);
    const error = await rejection(client.retrieve(99));
    expect(error).toBeInstanceOf(Pop3CommandError);
    expect((error as Pop3CommandError).command).toBe('RETR');
    expect(client.usable).toBe(true);
    expect((await client.retrieve(1)).length).toBeGreaterThan(0);
    await client.quit();
  });
});

describe('authentication', () => {
  test('XOAUTH2 goes in two steps and asks for a fresh token each session', async () => {
    let calls = 0;
    const server = await serve({ username: 'support@example.com', token: 'ya29.fresh-token' });
    for (let session = 0; session < 2; session += 1) {
      const client = await connect(server);
      await client.login({
        mechanism: 'xoauth2',
        username: 'support@example.com',
        accessToken: async () => {
          calls += 1;
          return 'ya29.fresh-token';
        },
      });
      await client.quit();
    }
    expect(calls).toBe(2);
    const authIndex = server.commands.indexOf('AUTH XOAUTH2');
    expect(authIndex).toBeGreaterThanOrEqual(0);
    expect(Buffer.from(server.commands[authIndex + 1]!, 'base64').toString()).toBe(
      'user=support@example.com\x01auth=Bearer ya29.fresh-token\x01\x01',
    );
  });

  test('commands queued during an XOAUTH2 login wait until it is over', async () => {
    const server = await serve({
      messages: sampleMessages(),
      username: 'support@example.com',
      token: 'slow-token',
    });
    const client = await connect(server);
    const login = client.login({
      mechanism: 'xoauth2',
      username: 'support@example.com',
      accessToken: () => new Promise((resolve) => setTimeout(() => resolve('slow-token'), 50)),
    });
    const listing = Promise.all([client.uidl(), client.list()]);
    await login;
    const [uidls, sizes] = await listing;
    expect(uidls.size).toBe(3);
    expect(sizes.size).toBe(3);
    const auth = server.commands.indexOf('AUTH XOAUTH2');
    // The post-login CAPA decides pipelining, so it goes before what was queued.
    expect(server.commands.slice(auth + 2, auth + 5)).toEqual(['CAPA', 'UIDL', 'LIST']);
    await client.quit();
  });

  test('a rejected XOAUTH2 token is a Pop3AuthError that carries the server status, never the token', async () => {
    const logs: string[] = [];
    const logger = {
      debug: (f: object, m: string) => logs.push(JSON.stringify({ ...f, m })),
      warn: () => undefined,
    };
    const server = await serve({ username: 'support@example.com', token: 'the-right-token' });
    const client = await connect(server, { logger });
    const error = await rejection(
      client.login({
        mechanism: 'xoauth2',
        username: 'support@example.com',
        accessToken: async () => 'LEAKY-SECRET-TOKEN',
      }),
    );
    expect(error).toBeInstanceOf(Pop3AuthError);
    expect((error as Pop3AuthError).temporary).toBe(false);
    expect((error as Error).message).toContain('"status":"401"');
    const everything = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${logs.join('\n')}`;
    expect(everything).not.toContain('LEAKY-SECRET-TOKEN');
    expect(everything).not.toContain(Buffer.from('LEAKY-SECRET-TOKEN').toString('base64').slice(0, 12));
  });

  test('a wrong password is a Pop3AuthError without the password', async () => {
    const server = await serve({ password: 'right' });
    const client = await connect(server);
    const error = await rejection(
      client.login({ mechanism: 'user', username: 'user', password: 'hunter2-WRONG' }),
    );
    expect(error).toBeInstanceOf(Pop3AuthError);
    expect((error as Pop3AuthError).code).toBe('AUTH');
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('hunter2-WRONG');
  });

  test('a user name with a line break is refused before it reaches the wire', async () => {
    const server = await serve({});
    const client = await connect(server);
    const error = await rejection(
      client.login({ mechanism: 'user', username: 'user\r\nDELE 1', password: 'x' }),
    );
    expect(error).toBeInstanceOf(Pop3Error);
    expect(server.commands.filter((c) => c.startsWith('DELE'))).toEqual([]);
  });
});

function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const sockets: Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
