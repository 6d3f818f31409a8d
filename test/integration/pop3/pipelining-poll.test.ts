import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PollFailedError } from '../../../src/mailbox/errors/poll-failed-error.js';
import { PipeliningMemory } from '../../../src/pop3/index.js';
import {
  type FaultServer,
  type FaultServerOptions,
  startFaultServer,
} from '../../support/fault-pop3-server.js';
import { testMails } from '../../support/test-mails.js';
import { type PollRig, startPollRig } from '../mailbox/poll-rig.js';

/** Outlook.com's CAPA (a published fetchmail trace, FACTS.md): no PIPELINING. */
const OUTLOOK_CAPA = ['TOP', 'UIDL', 'SASL PLAIN', 'USER'];

let rig: PollRig;
const servers: FaultServer[] = [];
beforeAll(async () => {
  rig = await startPollRig();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await rig?.stop();
});

async function serve(options: FaultServerOptions): Promise<FaultServer> {
  const server = await startFaultServer(options);
  servers.push(server);
  return server;
}

/** Every mail is in Redis exactly once, byte for byte, under one reference each. */
async function expectQueuedOnce(refs: readonly string[], mails: readonly Buffer[]): Promise<void> {
  expect(new Set(refs).size).toBe(mails.length);
  const stored = await Promise.all(refs.map((ref) => rig.raw(ref)));
  for (const mail of mails) expect(stored.filter((raw) => raw?.equals(mail)).length).toBe(1);
}

describe('lock-step (a server without PIPELINING, like Outlook.com)', () => {
  test('a poll of N mails takes 7 + 2N round trips: one command per write, nothing that is not needed', async () => {
    const n = 6;
    const mails = testMails(n, { tag: 'lockstep-count' }).map((mail) => mail.raw);
    const server = await serve({ messages: mails, capabilities: OUTLOOK_CAPA });
    const report = await rig.poll(server, { id: 'lockstep-count' });
    await expectQueuedOnce(report.queued, mails);
    expect(server.remaining()).toEqual([]);
    expect(server.writes.every((write) => write.length === 1)).toBe(true);
    const lines = server.writes.map(([line]) => line ?? '');
    // Greeting, then: USER, PASS, CAPA (decides pipelining, TOP, LOGIN-DELAY), UIDL, LIST, ..., QUIT.
    expect(lines.slice(0, 5)).toEqual(['USER user', 'PASS secret', 'CAPA', 'UIDL', 'LIST']);
    expect(lines.at(-1)).toBe('QUIT');
    expect(lines.filter((line) => line.startsWith('RETR '))).toHaveLength(n);
    expect(lines.filter((line) => line.startsWith('DELE '))).toHaveLength(n);
    // Each DELE follows its RETR (after the intake confirmed the mail); deferring them saves none.
    for (let number = 1; number <= n; number += 1)
      expect(lines.indexOf(`DELE ${number}`)).toBeGreaterThan(lines.indexOf(`RETR ${number}`));
    expect(1 + server.writes.length).toBe(7 + 2 * n);
  });
});

describe('pipelining: probe, through the poll', () => {
  test('a server that accepts pipelined commands: every mail queued once and deleted, in fewer round trips', async () => {
    const n = 30;
    const mails = testMails(n, { tag: 'probe-accepts' }).map((mail) => mail.raw);
    const server = await serve({ messages: mails, capabilities: OUTLOOK_CAPA });
    const memory = new PipeliningMemory();
    const report = await rig.poll(
      server,
      { id: 'probe-accepts' },
      { pipelining: 'probe', pipeliningMemory: memory },
    );
    await expectQueuedOnce(report.queued, mails);
    expect(report.duplicates).toBe(0);
    expect(server.remaining()).toEqual([]);
    expect(server.writes).toContainEqual(['NOOP', 'NOOP']);
    expect(1 + server.writes.length).toBeLessThan((7 + 2 * n) / 2);
    expect(memory.refusedRecently(`127.0.0.1:${server.port}`)).toBe(false);
  });

  test('a server that drops what follows the first line of a write: the poll reopens once, lock-step, and loses nothing', async () => {
    const n = 5;
    const mails = testMails(n, { tag: 'probe-drops' }).map((mail) => mail.raw);
    const server = await serve({ messages: mails, capabilities: OUTLOOK_CAPA, dropPipelined: true });
    const memory = new PipeliningMemory();
    const options = { pipelining: 'probe', pipeliningMemory: memory } as const;
    const report = await rig.poll(server, { id: 'probe-drops' }, options);
    await expectQueuedOnce(report.queued, mails);
    expect(server.remaining()).toEqual([]);
    expect(server.dropped).toEqual(['NOOP']);
    expect(server.commands.filter((line) => line.startsWith('PASS'))).toHaveLength(2);

    // The next poll remembers: no probe, no reconnect.
    const writesBefore = server.writes.length;
    await rig.poll(server, { id: 'probe-drops' }, options);
    const secondPoll = server.writes.slice(writesBefore).flat();
    expect(secondPoll).not.toContain('NOOP');
    expect(secondPoll.filter((line) => line.startsWith('PASS'))).toHaveLength(1);
    expect(server.dropped).toEqual(['NOOP']);
  });

  test('a reset in the middle of a probed window: nothing lost or duplicated, and the next poll goes lock-step', async () => {
    const n = 24;
    const mails = testMails(n, { tag: 'probe-reset' }).map((mail) => mail.raw);
    let resets = 0;
    const server = await serve({
      messages: mails,
      capabilities: OUTLOOK_CAPA,
      hook: (session, verb, args) => {
        if (verb !== 'RETR' || args[0] !== '9' || resets > 0) return false;
        resets += 1;
        session.socket.resetAndDestroy();
        return true;
      },
    });
    const memory = new PipeliningMemory();
    const options = { pipelining: 'probe', pipeliningMemory: memory } as const;
    const failure = await rig.poll(server, { id: 'probe-reset' }, options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PollFailedError);
    const firstQueued = (failure as PollFailedError).report.queued;
    expect(firstQueued.length).toBeLessThan(n);
    // Nothing was committed: the session never reached QUIT.
    expect(server.remaining()).toHaveLength(n);
    expect(memory.refusedRecently(`127.0.0.1:${server.port}`)).toBe(true);

    const writesBefore = server.writes.length;
    const second = await rig.poll(server, { id: 'probe-reset' }, options);
    expect(second.duplicates).toBe(firstQueued.length);
    await expectQueuedOnce([...firstQueued, ...second.queued], mails);
    expect(server.remaining()).toEqual([]);
    const secondWrites = server.writes.slice(writesBefore);
    expect(secondWrites.every((write) => write.length === 1)).toBe(true);
    expect(secondWrites.flat()).not.toContain('NOOP');
  });
});
