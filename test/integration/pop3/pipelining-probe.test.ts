import { describe, expect, test } from 'vitest';
import { PipeliningMemory, Pop3ConnectionError, Pop3PipeliningProbeError } from '../../../src/pop3/index.js';
import { rejection, useFaultServers } from '../../support/fault-pop3-fixture.js';
import { testMails } from '../../support/test-mails.js';

const { serve, loggedIn } = useFaultServers();

/** Outlook.com's CAPA (a published fetchmail trace, FACTS.md): no PIPELINING. */
const OUTLOOK_CAPA = ['TOP', 'UIDL', 'SASL PLAIN', 'USER'];

/** Byte-for-byte equal lists of mails (toEqual walks a Buffer byte by byte, which is slow). */
function sameBytes(actual: readonly Buffer[], expected: readonly Buffer[]): boolean {
  return actual.length === expected.length && actual.every((body, i) => body.equals(expected[i] as Buffer));
}

/** The writes the client made after the one holding `line`. */
function writesAfter(writes: readonly string[][], line: string): string[][] {
  return writes.slice(writes.findIndex((write) => write.includes(line)) + 1);
}

describe('pipelining: auto and off', () => {
  test('auto with a server that does not advertise PIPELINING: lock-step, no probe', async () => {
    const server = await serve({ messages: testMails(4).map((m) => m.raw), capabilities: OUTLOOK_CAPA });
    const client = await loggedIn(server);
    await Promise.all([1, 2, 3, 4].map((n) => client.retrieve(n)));
    await client.quit();
    expect(client.pipeliningProbe).toBe('off');
    expect(server.commands).not.toContain('NOOP');
    expect(server.writes.every((write) => write.length === 1)).toBe(true);
  });

  test('off with a server that advertises PIPELINING: still one command per write', async () => {
    const server = await serve({ messages: testMails(4).map((m) => m.raw) });
    const client = await loggedIn(server, { pipelining: 'off' });
    await Promise.all([1, 2, 3, 4].map((n) => client.retrieve(n)));
    await client.quit();
    expect(client.pipeliningProbe).toBe('off');
    expect(server.writes.every((write) => write.length === 1)).toBe(true);
  });

  test('probe with a server that advertises PIPELINING: no probe, the full window at once', async () => {
    const server = await serve({ messages: testMails(6).map((m) => m.raw) });
    const inFlight: number[] = [];
    const logger = {
      debug: (fields: object) => inFlight.push((fields as { inFlight: number }).inFlight),
      warn: () => undefined,
    };
    const client = await loggedIn(server, {
      pipelining: 'probe',
      pipeliningMemory: new PipeliningMemory(),
      logger,
    });
    inFlight.length = 0;
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => client.retrieve(n)));
    await client.quit();
    expect(client.pipeliningProbe).toBe('advertised');
    expect(server.commands).not.toContain('NOOP');
    expect(inFlight.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('pipelining: probe, with a server that does not advertise PIPELINING', () => {
  test('one that accepts pipelined commands: two NOOPs in one write, then a window that grows from 2', async () => {
    const mails = testMails(40).map((m) => m.raw);
    const server = await serve({ messages: mails, capabilities: OUTLOOK_CAPA });
    const memory = new PipeliningMemory();
    const client = await loggedIn(server, { pipelining: 'probe', pipeliningMemory: memory });
    expect(client.pipeliningProbe).toBe('accepted');
    const numbers = mails.map((_, i) => i + 1);
    const bodies = await Promise.all(numbers.map((n) => client.retrieve(n)));
    await Promise.all(numbers.map((n) => client.dele(n)));
    await client.quit();
    expect(sameBytes(bodies, mails)).toBe(true);
    expect(server.remaining()).toEqual([]);
    expect(writesAfter(server.writes, 'CAPA')[0]).toEqual(['NOOP', 'NOOP']);
    const sizes = writesAfter(server.writes, 'NOOP').map((write) => write.length);
    expect(sizes[0]).toBeLessThanOrEqual(2);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(8);
    // 80 commands and QUIT in far fewer writes than lock-step's 81.
    expect(sizes.length).toBeLessThan(30);
    expect(memory.refusedRecently(`127.0.0.1:${server.port}`)).toBe(false);
  });

  test('one that drops what follows the first line of a write: the probe fails, the host is remembered, the next session is lock-step', async () => {
    const mails = testMails(5).map((m) => m.raw);
    const server = await serve({ messages: mails, capabilities: OUTLOOK_CAPA, dropPipelined: true });
    const memory = new PipeliningMemory();
    const options = { pipelining: 'probe', pipeliningMemory: memory, probeTimeoutMs: 300 } as const;
    const started = performance.now();
    const error = await rejection(loggedIn(server, options));
    expect(error).toBeInstanceOf(Pop3PipeliningProbeError);
    expect(error).toBeInstanceOf(Pop3ConnectionError);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.dropped).toEqual(['NOOP']);
    expect(memory.refusedRecently(`127.0.0.1:${server.port}`)).toBe(true);

    const client = await loggedIn(server, options);
    expect(client.pipeliningProbe).toBe('refused');
    const numbers = mails.map((_, i) => i + 1);
    const bodies = await Promise.all(numbers.map((n) => client.retrieve(n)));
    await Promise.all(numbers.map((n) => client.dele(n)));
    await client.quit();
    expect(sameBytes(bodies, mails)).toBe(true);
    expect(server.remaining()).toEqual([]);
    expect(server.commands.filter((line) => line === 'NOOP')).toHaveLength(1);
    expect(server.dropped).toEqual(['NOOP']);
  });

  test('one that answers the second NOOP with -ERR: lock-step in the same session, remembered', async () => {
    let noops = 0;
    const mails = testMails(3).map((m) => m.raw);
    const server = await serve({
      messages: mails,
      capabilities: OUTLOOK_CAPA,
      hook: async (session, verb) => {
        if (verb !== 'NOOP') return false;
        noops += 1;
        await session.send(noops === 2 ? '-ERR one command at a time\r\n' : '+OK\r\n');
        return true;
      },
    });
    const memory = new PipeliningMemory();
    const client = await loggedIn(server, { pipelining: 'probe', pipeliningMemory: memory });
    expect(client.pipeliningProbe).toBe('refused');
    expect(sameBytes(await Promise.all([1, 2, 3].map((n) => client.retrieve(n))), mails)).toBe(true);
    await client.quit();
    expect(writesAfter(server.writes, 'NOOP').every((write) => write.length === 1)).toBe(true);
    expect(memory.refusedRecently(`127.0.0.1:${server.port}`)).toBe(true);
  });

  test('one that closes the connection on the second NOOP: a probe error, remembered', async () => {
    let noops = 0;
    const server = await serve({
      messages: testMails(1).map((m) => m.raw),
      capabilities: OUTLOOK_CAPA,
      hook: (session, verb) => {
        if (verb !== 'NOOP') return false;
        noops += 1;
        if (noops === 2) session.socket.destroy();
        return noops === 2;
      },
    });
    const memory = new PipeliningMemory();
    const error = await rejection(loggedIn(server, { pipelining: 'probe', pipeliningMemory: memory }));
    expect(error).toBeInstanceOf(Pop3PipeliningProbeError);
    expect(memory.refusedRecently(`127.0.0.1:${server.port}`)).toBe(true);
  });

  test('a reset in the middle of a probed window rejects what is in flight, deletes nothing, and is remembered', async () => {
    const mails = testMails(30).map((m) => m.raw);
    const server = await serve({
      messages: mails,
      capabilities: OUTLOOK_CAPA,
      hook: (session, verb, args) => {
        if (verb !== 'RETR' || args[0] !== '12') return false;
        session.socket.resetAndDestroy();
        return true;
      },
    });
    const memory = new PipeliningMemory();
    const client = await loggedIn(server, { pipelining: 'probe', pipeliningMemory: memory });
    expect(client.pipeliningProbe).toBe('accepted');
    const numbers = mails.map((_, i) => i + 1);
    const outcomes = await Promise.allSettled(
      numbers.map((n) => client.retrieve(n).then(() => client.dele(n))),
    );
    const fetched = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    expect(fetched).toBeLessThanOrEqual(11);
    for (const outcome of outcomes.slice(11)) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(Pop3ConnectionError);
    }
    expect(client.usable).toBe(false);
    expect(sameBytes(server.remaining(), mails)).toBe(true);
    expect(memory.refusedRecently(`127.0.0.1:${server.port}`)).toBe(true);
  });
});
