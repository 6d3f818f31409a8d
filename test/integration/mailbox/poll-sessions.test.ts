import { afterAll, beforeAll, expect, test } from 'vitest';
import { PollFailedError } from '../../../src/mailbox/errors/poll-failed-error.js';
import { SessionDeadlineError } from '../../../src/mailbox/errors/session-deadline-error.js';
import { Pop3AuthError } from '../../../src/pop3/index.js';
import { type FaultServer, startFaultServer } from '../../support/fault-pop3-server.js';
import { testMails } from '../../support/test-mails.js';
import { listing, type PollRig, startPollRig } from './poll-rig.js';

let rig: PollRig;
beforeAll(async () => {
  rig = await startPollRig();
});
afterAll(async () => {
  await rig?.stop();
});

function logins(server: FaultServer): number {
  return server.commands.filter((line) => line.startsWith('PASS')).length;
}

test('two messages with one UIDL in one listing are both queued, with their own references', async () => {
  const mails = testMails(2, { tag: 'same-uidl' }).map((m) => m.raw);
  const server = await startFaultServer({
    messages: mails,
    hook: async (session, verb, args) => {
      if (verb !== 'UIDL' || args[0] !== undefined || session.marked.size > 0) return false;
      await session.send(listing(mails.map((_, i) => [i + 1, 'same'])));
      return true;
    },
  });
  try {
    const report = await rig.poll(server, { id: 'same-uidl' });
    expect(report.queued).toHaveLength(2);
    expect(new Set(report.queued).size).toBe(2);
    for (const [i, ref] of report.queued.entries())
      expect((await rig.raw(ref))?.equals(mails[i]!)).toBe(true);
    expect(server.remaining()).toEqual([]);
  } finally {
    await server.close();
  }
});

test('a server that reuses a queued UIDL for a new mail of the same size: the new mail is fetched and queued, not deleted unseen', async () => {
  const reuse = (messages: Buffer[]) =>
    startFaultServer({
      messages,
      hook: async (session, verb) => {
        if (verb !== 'UIDL' || session.marked.size > 0) return false;
        await session.send(listing([[1, 'reused-1']]));
        return true;
      },
    });
  const first = Buffer.from(
    'From: a@example.com\r\nSubject: first mail\r\nMessage-ID: <one@x>\r\n\r\nbody one\r\n',
  );
  const second = Buffer.from(
    'From: b@example.com\r\nSubject: other mail\r\nMessage-ID: <two@x>\r\n\r\nbody two\r\n',
  );
  expect(second.length).toBe(first.length);
  const before = await reuse([first]);
  // The first session is cut off before QUIT: its mail is queued, still on the server.
  const cut = await startFaultServer({
    messages: [first],
    hook: async (session, verb) => {
      if (verb === 'UIDL' && session.marked.size === 0) {
        await session.send(listing([[1, 'reused-1']]));
        return true;
      }
      if (verb !== 'QUIT') return false;
      session.socket.destroy();
      return true;
    },
  });
  const after = await reuse([second]);
  try {
    await rig.poll(cut, { id: 'reuse' }).catch(() => undefined);
    // Same UIDL, same size, same mail: confirmed by TOP and deleted without a second RETR.
    const again = await rig.poll(before, { id: 'reuse' });
    expect(again).toMatchObject({ queued: [], duplicates: 1 });
    expect(before.commands.some((line) => line.startsWith('RETR'))).toBe(false);
    // Same UIDL, same size, another mail: fetched and queued.
    const report = await rig.poll(after, { id: 'reuse' });
    expect(report.queued).toHaveLength(1);
    expect((await rig.raw(report.queued[0]!))?.equals(second)).toBe(true);
  } finally {
    await Promise.all([before.close(), cut.close(), after.close()]);
  }
});

test('a queued mail that Exchange renders anew on a second RETR (same Message-ID, other boundary) is deleted, not queued twice', async () => {
  const rendered = (boundary: string) =>
    Buffer.from(
      `From: a@example.com\r\nSubject: rendered\r\nMessage-ID: <render@x>\r\n` +
        `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
        `--${boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`,
    );
  const listOne = async (
    session: { marked: Set<number>; send(text: string): Promise<void> },
    verb: string,
  ) => {
    if (verb !== 'UIDL' || session.marked.size > 0) return false;
    await session.send(listing([[1, 'rendered-1']]));
    return true;
  };
  const cut = await startFaultServer({
    messages: [rendered('first-render')],
    hook: async (session, verb) => {
      if (await listOne(session, verb)) return true;
      if (verb !== 'QUIT') return false;
      session.socket.destroy();
      return true;
    },
  });
  const again = await startFaultServer({ messages: [rendered('other-render')], hook: listOne });
  try {
    await rig.poll(cut, { id: 'rendered' }).catch(() => undefined);
    const report = await rig.poll(again, { id: 'rendered' });
    expect(report.queued).toEqual([]);
    expect(report.duplicates).toBe(1);
    expect(again.remaining()).toEqual([]);
  } finally {
    await Promise.all([cut.close(), again.close()]);
  }
});

test('a server that trickles a reply forever: the session is dropped without QUIT at sessionDeadline', async () => {
  const mails = testMails(1, { tag: 'trickle' }).map((m) => m.raw);
  const server = await startFaultServer({
    messages: mails,
    hook: async (session, verb) => {
      if (verb !== 'RETR') return false;
      await session.send('+OK\r\n');
      while (!session.socket.destroyed) {
        await session.send('x');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return true;
    },
  });
  try {
    const error = await rig.poll(server, { id: 'trickle', sessionDeadline: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as PollFailedError).cause).toBeInstanceOf(SessionDeadlineError);
    expect(server.commands).not.toContain('QUIT');
    expect(server.remaining()).toHaveLength(1);
  } finally {
    await server.close();
  }
});

test('Cyrus refusing the second login with LOGIN-DELAY ends the poll and keeps what the first session queued', async () => {
  const mails = testMails(5, { tag: 'cyrus' }).map((m) => m.raw);
  const server = await startFaultServer({
    messages: mails,
    hook: async (session, verb) => {
      if (verb !== 'PASS' || logins(server) < 2) return false;
      await session.send('-ERR [LOGIN-DELAY] Minimum time between mail checks violated\r\n');
      return true;
    },
  });
  try {
    const report = await rig.poll(server, { id: 'cyrus', batchSize: 2 });
    expect(report).toMatchObject({ sessions: 1 });
    expect(report.queued).toHaveLength(2);
    expect(server.remaining()).toHaveLength(3);
  } finally {
    await server.close();
  }
});

test('an advertised LOGIN-DELAY is respected: no second session sooner, across polls', async () => {
  const mails = testMails(3, { tag: 'login-delay' }).map((m) => m.raw);
  const server = await startFaultServer({
    messages: mails,
    capabilities: ['USER', 'UIDL', 'TOP', 'PIPELINING', 'LOGIN-DELAY 60'],
  });
  try {
    const first = await rig.poll(server, { id: 'login-delay', batchSize: 2 });
    expect(first.queued).toHaveLength(2);
    expect(first.deferred).toMatchObject({ reason: 'login-delay' });
    const second = await rig.poll(server, { id: 'login-delay', batchSize: 2 });
    expect(second).toMatchObject({ sessions: 0, queued: [] });
    expect(logins(server)).toBe(1);
    rig.now = new Date(rig.now.getTime() + 61_000);
    const third = await rig.poll(server, { id: 'login-delay', batchSize: 2 });
    expect(third.queued).toHaveLength(1);
    expect(server.remaining()).toEqual([]);
  } finally {
    await server.close();
  }
});

test('a refused password backs off, doubling, shared through Redis, logged at error with the next try; a good login resets it', async () => {
  const server = await startFaultServer({ messages: testMails(1, { tag: 'auth' }).map((m) => m.raw) });
  try {
    const settings = { id: 'auth' };
    const wrong = { password: 'wrong' };
    const first = await rig.poll(server, settings, wrong).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(PollFailedError);
    expect((first as PollFailedError).cause).toBeInstanceOf(Pop3AuthError);
    const firstRetry = (first as PollFailedError).nextLoginAt!;
    expect(firstRetry.getTime() - rig.now.getTime()).toBe(60_000);
    const logged = rig.logs.filter((line) => line.level === 'error' && line.mailbox === 'auth');
    expect(logged.at(-1)).toMatchObject({ nextLoginAt: firstRetry.toISOString(), failures: 1 });

    const skipped = await rig.poll(server, settings, wrong);
    expect(skipped).toMatchObject({ sessions: 0, deferred: { reason: 'login-backoff' } });
    expect(logins(server)).toBe(1);

    rig.now = new Date(firstRetry.getTime() + 1);
    const second = (await rig.poll(server, settings, wrong).catch((e: unknown) => e)) as PollFailedError;
    expect(second.nextLoginAt!.getTime() - rig.now.getTime()).toBe(120_000);

    rig.now = new Date(second.nextLoginAt!.getTime() + 1);
    const good = await rig.poll(server, settings);
    expect(good.queued).toHaveLength(1);
    expect(await rig.redis.hget(rig.keys.sessionGate('auth'), 'failures')).toBeNull();
  } finally {
    await server.close();
  }
});

test('a full batch that achieves nothing (every RETR refused) ends the poll instead of opening session after session', async () => {
  const mails = testMails(3, { tag: 'no-progress' }).map((m) => m.raw);
  const server = await startFaultServer({
    messages: mails,
    hook: async (session, verb) => {
      if (verb !== 'RETR') return false;
      await session.send('-ERR temporarily unavailable\r\n');
      return true;
    },
  });
  try {
    const report = await rig.poll(server, { id: 'no-progress', batchSize: 3 });
    expect(report).toMatchObject({ sessions: 1, queued: [], deadLetters: [] });
    expect(server.remaining()).toHaveLength(3);
  } finally {
    await server.close();
  }
});
