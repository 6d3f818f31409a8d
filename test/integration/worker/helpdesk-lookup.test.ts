import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { type RedisServer, startRedis } from '../../../dev/servers/redis-server.js';
import { startWorkerRig, type WorkerRig } from './worker-rig.js';

let server: RedisServer;
const rigs: WorkerRig[] = [];
beforeAll(async () => {
  server = await startRedis();
});
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((rig) => rig.close()));
});
afterAll(async () => {
  await server?.stop();
});

/** A worker rig whose helpdesk can be asked for a Message-ID; resolves the rig and the ids asked for. */
async function lookingRig(): Promise<{ rig: WorkerRig; lookups: string[] }> {
  const rig = await startWorkerRig(server.url);
  rigs.push(rig);
  const lookups: string[] = [];
  rig.helpdesk.findTicketByMessageId = async (messageId) => {
    lookups.push(messageId);
    return undefined;
  };
  return { rig, lookups };
}

function mail(n: number): Buffer {
  return Buffer.from(
    `From: Ana <ana@customer.example>\r\nTo: support@example.com\r\nSubject: Question ${n}\r\n` +
      `Message-ID: <q${n}@customer.example>\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n\r\nHello\r\n`,
  );
}

test('a fresh mail on its first run is posted without asking the helpdesk for its Message-ID', async () => {
  const { rig, lookups } = await lookingRig();
  const outcome = await rig.outcome(await rig.accept(mail(1)));
  expect(outcome.outcome).toBe('created');
  expect(lookups).toEqual([]);
});

test('a requeued mail (an earlier run may have posted it) is looked up first', async () => {
  const { rig, lookups } = await lookingRig();
  const outcome = await rig.outcome(await rig.requeue(mail(2)));
  expect(outcome.outcome).toBe('created');
  expect(lookups).toEqual(['q2@customer.example']);
});

test('a mail whose run noted posting it is looked up first, and found', async () => {
  const { rig, lookups } = await lookingRig();
  rig.helpdesk.findTicketByMessageId = async (messageId) => {
    lookups.push(messageId);
    return 'found-in-helpdesk';
  };
  await rig.queue.pause();
  const ref = await rig.accept(mail(3));
  // What a run killed right after its post leaves behind.
  await rig.ledger.notePosting(ref);
  await rig.queue.resume();
  const outcome = await rig.outcome(ref);
  expect(outcome).toEqual({ outcome: 'found', ticketId: 'found-in-helpdesk' });
  expect(lookups).toEqual(['q3@customer.example']);
  expect(rig.helpdesk.tickets.size).toBe(0);
});
