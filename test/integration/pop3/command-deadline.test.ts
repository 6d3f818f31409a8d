import { describe, expect, test } from 'vitest';
import { Pop3ConnectionError, Pop3MessageTooLargeError, Pop3TimeoutError } from '../../../src/pop3/index.js';
import { rejection, useFaultServers } from '../../support/fault-pop3-fixture.js';
import { sampleMessages } from '../../support/sample-messages.js';

const { serve, connect, loggedIn } = useFaultServers();

/** Every gap (100 ms) is far below the idle timeout (2 s): only a deadline can end these replies. */
const TRICKLE_MS = 100;
const deadlines = { timeoutMs: 2000, commandTimeoutMs: 300, minBytesPerSecond: 1000 };

describe('a server that trickles, each byte well inside the idle timeout', () => {
  test('a RETR body ends in Pop3TimeoutError; the pipelined DELE behind it is rejected; nothing is deleted', async () => {
    const messages = sampleMessages();
    const server = await serve({
      messages,
      hook: async (session, verb) => {
        if (verb !== 'RETR') return false;
        await session.send('+OK\r\n');
        await session.trickle(`Subject: slow\r\n\r\n${'x'.repeat(50)}\r\n.\r\n`, TRICKLE_MS);
        return true;
      },
    });
    const client = await loggedIn(server, deadlines);
    const outcomes = await Promise.allSettled([client.retrieve(1), client.dele(1)]);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3TimeoutError);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3TimeoutError);
    expect(client.usable).toBe(false);
    expect(await rejection(client.noop())).toBeInstanceOf(Pop3ConnectionError);
    expect(server.remaining()).toEqual(messages);
  });

  test('a status line ends in Pop3TimeoutError', async () => {
    const server = await serve({
      messages: sampleMessages(),
      hook: async (session, verb) => {
        if (verb !== 'STAT') return false;
        await session.trickle(`+OK 3 4000 ${'and then some more words '.repeat(2)}\r\n`, TRICKLE_MS);
        return true;
      },
    });
    const client = await loggedIn(server, deadlines);
    const error = await rejection(client.stat());
    expect(error).toBeInstanceOf(Pop3TimeoutError);
    expect((error as Error).message).toMatch(/STAT/);
  });

  test('a greeting ends in Pop3TimeoutError', async () => {
    const server = await serve({
      greeting: `+OK ${'slowly greeting you '.repeat(3)}`,
      greetingTrickleMs: TRICKLE_MS,
    });
    expect(await rejection(connect(server, deadlines))).toBeInstanceOf(Pop3TimeoutError);
  });

  test('a body that never ends past its limit is dropped only until the deadline: Pop3TimeoutError', async () => {
    const server = await serve({
      messages: sampleMessages(),
      hook: async (session, verb) => {
        if (verb !== 'RETR') return false;
        await session.send('+OK\r\n');
        const block = Buffer.alloc(16 * 1024, 0x61);
        while (!session.socket.destroyed) {
          if (!session.socket.write(block))
            await new Promise((resolve) => session.socket.once('drain', resolve));
        }
        return true;
      },
    });
    const client = await loggedIn(server, { ...deadlines, minBytesPerSecond: 64 * 1024 });
    const outcomes = await Promise.allSettled([client.retrieve(1, { maxBytes: 64 * 1024 }), client.noop()]);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3MessageTooLargeError);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3TimeoutError);
    expect(client.usable).toBe(false);
  });
});

describe('deadlines that must not fire', () => {
  test('a large body sent quickly is not cut short by commandTimeoutMs', async () => {
    const big = Buffer.from(`Subject: big\r\n\r\n${`${'y'.repeat(998)}\r\n`.repeat(4096)}`);
    const server = await serve({ messages: [big] });
    const client = await loggedIn(server, { ...deadlines, minBytesPerSecond: 1024 });
    // Buffer.equals: a deep toEqual over megabytes takes longer than the test.
    expect((await client.retrieve(1)).equals(big)).toBe(true);
    await client.quit();
  });

  test('time the stream consumer holds the body back does not count against the server', async () => {
    const big = Buffer.from(`Subject: big\r\n\r\n${`${'z'.repeat(998)}\r\n`.repeat(2048)}`);
    const server = await serve({ messages: [big] });
    // A rate so high that the allowance is commandTimeoutMs alone: only pausing the clock saves it.
    const client = await loggedIn(server, { ...deadlines, minBytesPerSecond: 1e12 });
    const chunks: Buffer[] = [];
    for await (const chunk of client.retrieveStream(1)) {
      if (chunks.length === 0)
        await new Promise((resolve) => setTimeout(resolve, 3 * deadlines.commandTimeoutMs));
      chunks.push(chunk);
    }
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
    await client.quit();
  });
});
