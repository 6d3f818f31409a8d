import { afterAll, beforeAll, expect, test } from 'vitest';
import { PollFailedError } from '../../../src/mailbox/errors/poll-failed-error.js';
import { type FaultHook, type FaultServer, startFaultServer } from '../../support/fault-pop3-server.js';
import { testMails } from '../../support/test-mails.js';
import { listing, type PollRig, startPollRig } from './poll-rig.js';

let rig: PollRig;
beforeAll(async () => {
  rig = await startPollRig();
});
afterAll(async () => {
  await rig?.stop();
});

/** A hook that answers LIST as Exchange might: every size a third of the truth. */
function understatingList(messages: () => readonly Buffer[]): FaultHook {
  return async (session, verb, args) => {
    if (verb !== 'LIST' || args[0] !== undefined || session.marked.size > 0) return false;
    await session.send(listing(messages().map((m, i) => [i + 1, Math.floor(m.length / 3)])));
    return true;
  };
}

test('LIST sizes are hints: a RETR larger than LIST said is fetched whole', async () => {
  const mails = testMails(3, { tag: 'estimate', hugeIndex: 1, hugeBytes: 200_000 }).map((m) => m.raw);
  const server: FaultServer = await startFaultServer({
    messages: mails,
    hook: understatingList(() => server.remaining()),
  });
  try {
    const report = await rig.poll(server, { id: 'estimate' });
    expect(report.queued).toHaveLength(3);
    expect(report.deadLetters).toEqual([]);
    expect(server.remaining()).toEqual([]);
    expect((await rig.raw(report.queued[1]!))?.equals(mails[1]!)).toBe(true);
  } finally {
    await server.close();
  }
});

test('a mail that grows past maxMessageBytes while streaming becomes a too-large dead letter with its headers; the rest flows, and the next poll leaves it alone', async () => {
  const mails = testMails(4, { tag: 'grows', hugeIndex: 1, hugeBytes: 300_000 }).map((m) => m.raw);
  const server: FaultServer = await startFaultServer({
    messages: mails,
    hook: understatingList(() => server.remaining()),
  });
  try {
    const settings = { id: 'grows', maxMessageBytes: 200_000 };
    const first = await rig.poll(server, settings);
    expect(first.queued).toHaveLength(3);
    expect(first.deadLetters).toHaveLength(1);
    const letter = await rig.deadLetters.get(first.deadLetters[0]!);
    expect(letter).toMatchObject({ reason: 'too-large', rawComplete: false, subject: 'Case grows-1' });
    expect(letter?.detail).toContain('left on the server');
    expect(server.remaining()).toEqual([mails[1]]);

    const second = await rig.poll(server, settings);
    expect(second).toMatchObject({ queued: [], deadLetters: [] });
    expect(server.remaining()).toEqual([mails[1]]);
  } finally {
    await server.close();
  }
});

test('on a server without TOP an oversize mail becomes a dead letter without headers, and the rest flows', async () => {
  const mails = testMails(3, { tag: 'no-top', hugeIndex: 0, hugeBytes: 300_000 }).map((m) => m.raw);
  const server = await startFaultServer({
    messages: mails,
    capabilities: ['USER', 'UIDL', 'PIPELINING'],
    hook: async (session, verb) => {
      if (verb !== 'TOP') return false;
      await session.send('-ERR unknown command\r\n');
      return true;
    },
  });
  try {
    const report = await rig.poll(server, { id: 'no-top', maxMessageBytes: 200_000 });
    expect(report.queued).toHaveLength(2);
    const letter = await rig.deadLetters.get(report.deadLetters[0]!);
    expect(letter).toMatchObject({ reason: 'too-large', rawComplete: false });
    expect(letter?.raw.length).toBe(0);
    expect(letter?.detail).toContain('no headers are kept');
    expect(server.remaining()).toEqual([mails[0]]);
  } finally {
    await server.close();
  }
});

test('oversize: delete still deletes the mail when the session that dead-lettered it was cut off before QUIT', async () => {
  const mails = testMails(1, { tag: 'cut-delete', hugeIndex: 0, hugeBytes: 300_000 }).map((m) => m.raw);
  let cutQuit = true;
  const server = await startFaultServer({
    messages: mails,
    hook: (session, verb) => {
      if (verb !== 'QUIT' || !cutQuit) return false;
      session.socket.destroy();
      return true;
    },
  });
  try {
    const settings = { id: 'cut-delete', maxMessageBytes: 200_000, oversize: 'delete' } as const;
    const first = await rig.poll(server, settings).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(Error);
    expect(server.remaining()).toHaveLength(1);
    cutQuit = false;
    const second = await rig.poll(server, settings);
    expect(second.deadLetters).toEqual([]);
    expect(server.remaining()).toEqual([]);
    expect(await rig.deadLetters.count()).toBeGreaterThan(0);
  } finally {
    await server.close();
  }
});

test('a DELE that fails while the loop waits for the byte window is no unhandled rejection, and nothing is lost', async () => {
  const mails = testMails(3, { tag: 'unhandled' }).map((m) => m.raw);
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', record);
  let phase: 'cut-quit' | 'refuse-dele' | 'normal' = 'cut-quit';
  const server = await startFaultServer({
    messages: mails,
    hook: async (session, verb, args) => {
      if (phase === 'cut-quit' && verb === 'RETR' && args[0] !== '1') {
        await session.send('-ERR not now\r\n');
        return true;
      }
      if (phase === 'cut-quit' && verb === 'QUIT') {
        session.socket.destroy();
        return true;
      }
      if (phase === 'refuse-dele' && verb === 'DELE' && args[0] === '1') {
        await session.send('-ERR deletion refused\r\n');
        return true;
      }
      if (phase === 'refuse-dele' && verb === 'RETR' && args[0] === '2') {
        // Holds the byte window, so the loop waits in acquire while DELE 1 fails.
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return false;
    },
  });
  try {
    const settings = { id: 'unhandled' };
    // Mail 1 is queued, but its DELE is never committed: the next poll finds it queued.
    await rig.poll(server, settings).catch(() => undefined);
    phase = 'refuse-dele';
    const failed = await rig.poll(server, settings, { maxInFlightBytes: 1 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);
    expect(failed).toBeInstanceOf(PollFailedError);
    expect((failed as PollFailedError).report.queued.length).toBeGreaterThan(0);
    phase = 'normal';
    await rig.poll(server, settings);
    expect(server.remaining()).toEqual([]);
  } finally {
    process.off('unhandledRejection', record);
    await server.close();
  }
});

test('a message whose RETR is refused poll after poll becomes an unfetchable dead letter, stays on the server, and is not tried again', async () => {
  const mails = testMails(2, { tag: 'refused' }).map((m) => m.raw);
  const server = await startFaultServer({
    messages: mails,
    hook: async (session, verb, args) => {
      if (verb !== 'RETR' || args[0] !== '1') return false;
      await session.send('-ERR cannot read message file\r\n');
      return true;
    },
  });
  try {
    const settings = { id: 'refused', oversize: 'delete' } as const;
    const first = await rig.poll(server, settings);
    expect(first).toMatchObject({ deadLetters: [] });
    expect(first.queued).toHaveLength(1);
    expect((await rig.poll(server, settings)).deadLetters).toEqual([]);
    const third = await rig.poll(server, settings);
    expect(third.deadLetters).toHaveLength(1);
    const letter = await rig.deadLetters.get(third.deadLetters[0]!);
    expect(letter).toMatchObject({ reason: 'unfetchable', subject: 'Case refused-0', rawComplete: false });
    expect(letter?.detail).toContain('cannot read message file');
    const retrs = server.commands.filter((line) => line === 'RETR 1').length;
    expect(await rig.poll(server, settings)).toMatchObject({ deadLetters: [], deleted: 0 });
    expect(server.commands.filter((line) => line === 'RETR 1').length).toBe(retrs);
    expect(server.remaining()).toEqual([mails[0]]);
  } finally {
    await server.close();
  }
});

test('oversize: delete deletes only the mail it dead-lettered: another mail under the same UIDL and size gets its own dead letter first', async () => {
  const [big] = testMails(1, { tag: 'big-one', hugeIndex: 0, hugeBytes: 300_000 }).map((m) => m.raw);
  const other = Buffer.from(big!.toString('latin1').replace('Case big-one-0', 'Case big-two-0'), 'latin1');
  const sameUidl = (messages: Buffer[], cutQuit: boolean) =>
    startFaultServer({
      messages,
      hook: async (session, verb) => {
        if (verb === 'UIDL' && session.marked.size === 0) {
          await session.send(listing([[1, 'reused-big']]));
          return true;
        }
        if (verb !== 'QUIT' || !cutQuit) return false;
        session.socket.destroy();
        return true;
      },
    });
  const cut = await sameUidl([big!], true);
  const reused = await sameUidl([other], false);
  try {
    const settings = { id: 'reuse-big', maxMessageBytes: 200_000, oversize: 'delete' } as const;
    const first = await rig.poll(cut, settings).catch((error: PollFailedError) => error.report);
    const report = await rig.poll(reused, settings);
    expect(report.deadLetters).toHaveLength(1);
    expect(report.deadLetters).not.toEqual(first.deadLetters);
    expect(await rig.deadLetters.get(report.deadLetters[0]!)).toMatchObject({ subject: 'Case big-two-0' });
    expect(await rig.deadLetters.get(first.deadLetters[0]!)).toMatchObject({ subject: 'Case big-one-0' });
    expect(reused.remaining()).toEqual([]);
  } finally {
    await Promise.all([cut.close(), reused.close()]);
  }
});

test('a queued mail whose RETR the server later refuses (no TOP to confirm it) never also becomes a dead letter', async () => {
  const mails = testMails(1, { tag: 'queued-refused' }).map((m) => m.raw);
  let phase: 'cut-quit' | 'refuse' = 'cut-quit';
  const server = await startFaultServer({
    messages: mails,
    capabilities: ['USER', 'UIDL', 'PIPELINING'],
    hook: async (session, verb) => {
      if (phase === 'cut-quit' && verb === 'QUIT') {
        session.socket.destroy();
        return true;
      }
      if (phase !== 'refuse' || verb !== 'RETR') return false;
      await session.send('-ERR cannot read message file\r\n');
      return true;
    },
  });
  try {
    const settings = { id: 'queued-refused' };
    const first = await rig.poll(server, settings).catch((error: PollFailedError) => error.report);
    expect(first.queued).toHaveLength(1);
    phase = 'refuse';
    for (let poll = 0; poll < 4; poll += 1)
      expect((await rig.poll(server, settings)).deadLetters).toEqual([]);
  } finally {
    await server.close();
  }
});
