import { describe, expect, test } from 'vitest';
import { Pop3CommandError, Pop3MessageTooLargeError } from '../../../src/pop3/index.js';
import { rejection, useFaultServers } from '../../support/fault-pop3-fixture.js';
import { sampleMessages } from '../../support/sample-messages.js';

const { serve, loggedIn } = useFaultServers();

/** A 2 MiB mail: larger than the limit the tests set, whatever LIST said about it. */
function bigMessage(): Buffer {
  const line = `${'x'.repeat(998)}\r\n`;
  return Buffer.from(`From: big@example.com\r\nSubject: too big\r\n\r\n${line.repeat(2 * 1024)}`);
}

const LIMIT = 64 * 1024;

describe('a body over its maxBytes fails that call only', () => {
  test('one at a time: RETR rejects with the head, then the session fetches, deletes and quits', async () => {
    const [small] = sampleMessages();
    const server = await serve({ messages: [bigMessage(), small!] });
    const client = await loggedIn(server);
    const error = await rejection(client.retrieve(1, { maxBytes: LIMIT }));
    expect(error).toBeInstanceOf(Pop3MessageTooLargeError);
    expect((error as Pop3MessageTooLargeError).limitBytes).toBe(LIMIT);
    const head = (error as Pop3MessageTooLargeError).head;
    expect(head.length).toBe(LIMIT);
    expect(head.subarray(0, 40).toString()).toBe('From: big@example.com\r\nSubject: too big\r');
    expect(client.usable).toBe(true);
    expect(await client.retrieve(2, { maxBytes: LIMIT })).toEqual(small);
    await client.dele(1);
    await client.dele(2);
    await client.quit();
    expect(server.remaining()).toEqual([]);
  });

  test('pipelined: DELE, RETR and QUIT behind the oversize RETR all get their replies', async () => {
    const messages = [sampleMessages()[0]!, bigMessage(), sampleMessages()[2]!];
    const server = await serve({ messages });
    const client = await loggedIn(server);
    const calls = [1, 2, 3].flatMap((n) => [client.retrieve(n, { maxBytes: LIMIT }), client.dele(n)]);
    const outcomes = await Promise.allSettled([...calls, client.quit()]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3MessageTooLargeError);
    expect((outcomes[4] as PromiseFulfilledResult<Buffer>).value).toEqual(messages[2]);
    expect(server.remaining()).toEqual([]);
  });

  test('a streamed RETR over its limit errors the stream, and the session goes on', async () => {
    const server = await serve({ messages: [bigMessage(), sampleMessages()[0]!] });
    const client = await loggedIn(server);
    const received: Buffer[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of client.retrieveStream(1, { maxBytes: LIMIT })) received.push(chunk);
      })(),
    );
    expect(error).toBeInstanceOf(Pop3MessageTooLargeError);
    expect(Buffer.concat(received).length).toBeLessThanOrEqual(LIMIT);
    expect(client.usable).toBe(true);
    expect(await client.retrieve(2)).toEqual(sampleMessages()[0]);
    await client.quit();
  });

  test('TOP over its limit is rejected the same way and RETR still works', async () => {
    const headers = `From: h@example.com\r\n${'X-Filler: y\r\n'.repeat(10_000)}\r\nbody\r\n`;
    const server = await serve({ messages: [Buffer.from(headers)] });
    const client = await loggedIn(server);
    const outcomes = await Promise.allSettled([client.top(1, 0, { maxBytes: 1024 }), client.retrieve(1)]);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3MessageTooLargeError);
    expect((outcomes[1] as PromiseFulfilledResult<Buffer>).value.toString()).toBe(headers);
    await client.quit();
  });
});

describe('a server without TOP (RFC 1939 makes it optional)', () => {
  test('-ERR to TOP is a Pop3CommandError and pipelined commands behind it still work', async () => {
    const messages = sampleMessages();
    const server = await serve({
      messages,
      capabilities: ['USER', 'UIDL', 'PIPELINING'],
      hook: async (session, verb) => {
        if (verb !== 'TOP') return false;
        await session.send('-ERR unknown command\r\n');
        return true;
      },
    });
    const client = await loggedIn(server);
    expect(client.capabilities.top).toBe(false);
    const outcomes = await Promise.allSettled([client.top(1, 0), client.retrieve(1), client.dele(1)]);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(Pop3CommandError);
    expect(((outcomes[0] as PromiseRejectedResult).reason as Pop3CommandError).command).toBe('TOP');
    expect((outcomes[1] as PromiseFulfilledResult<Buffer>).value).toEqual(messages[0]);
    expect(client.usable).toBe(true);
    await client.quit();
    expect(server.remaining()).toEqual(messages.slice(1));
  });
});
