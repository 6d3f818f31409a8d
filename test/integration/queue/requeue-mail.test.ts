import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, expect, test } from 'vitest';
import { DeadLetterStore } from '../../../src/queue/dead-letter-store.js';
import { FilteredMailStore } from '../../../src/queue/filtered-mail-store.js';
import { MAIL_QUEUE } from '../../../src/queue/jobs/mail-job.js';
import { RawMailStore } from '../../../src/queue/raw-mail-store.js';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import { type KeptMail, requeueMail } from '../../../src/queue/requeue-mail.js';
import { TicketLedger } from '../../../src/queue/ticket-ledger.js';
import { reconcileMailJobs } from '../../../src/worker/reconcile-mail-jobs.js';
import { useRedis } from '../../support/use-redis.js';
import { filteredMail, newRef, rawMail } from '../cli/kept-mail-fixture.js';

const redis = useRedis();
const queues: Queue[] = [];
afterAll(async () => {
  await Promise.all(queues.map((queue) => queue.close()));
});

/** A queue whose `add` fails once, as if the process died right before it. */
class QueueDyingBeforeAdd extends Queue {
  dying = true;
  override add(...args: Parameters<Queue['add']>): ReturnType<Queue['add']> {
    if (this.dying) {
      this.dying = false;
      return Promise.reject(new Error('killed before the job was added'));
    }
    return super.add(...args);
  }
}

function installation() {
  const prefix = `rq${randomBytes(4).toString('hex')}`;
  const keys = new RedisKeys(prefix);
  const queue = new QueueDyingBeforeAdd(MAIL_QUEUE, { connection: redis(), prefix });
  queues.push(queue);
  const rawMail = new RawMailStore(redis(), keys, 0);
  const deadLetters = new DeadLetterStore(redis(), keys);
  const filtered = new FilteredMailStore(redis(), keys, 3600, () => new Date());
  const ledger = new TicketLedger({
    redis: redis(),
    keys,
    retentionSeconds: 3600,
    rawMail,
    deadLetters,
    filtered,
  });
  const now = () => new Date();
  return { queue, rawMail, deadLetters, filtered, ledger, now };
}

function kept(ref: string): KeptMail {
  return { ref, mailboxId: 'support', raw: rawMail('Order 7'), rawComplete: true, subject: 'Order 7' };
}

test('dying while removing the record leaves the record and a raw copy; requeueing again finishes', async () => {
  const popdesk = installation();
  popdesk.queue.dying = false;
  const ref = newRef();
  await popdesk.filtered.add(filteredMail(ref));
  const dying = () => Promise.reject(new Error('killed while removing the record'));
  await expect(requeueMail(popdesk, kept(ref), dying)).rejects.toThrow('killed');
  expect(await popdesk.filtered.get(ref)).toBeDefined();
  expect(await popdesk.rawMail.take(ref)).not.toBeNull();

  expect(await requeueMail(popdesk, kept(ref), () => popdesk.filtered.remove(ref))).toEqual({
    kind: 'requeued',
  });
  expect(await popdesk.filtered.get(ref)).toBeUndefined();
  expect((await popdesk.queue.getJob(ref))?.data.requeued).toBe(true);
});

test('dying before the job is added leaves a raw copy the reconciler keeps as an orphaned dead letter', async () => {
  const popdesk = installation();
  const ref = newRef();
  const mail = kept(ref);
  await popdesk.deadLetters.add({
    id: ref,
    ...mail,
    reason: 'helpdesk-rejected',
    detail: 'the helpdesk answered 422',
    failedAt: new Date().toISOString(),
    attempts: 1,
  });
  await expect(requeueMail(popdesk, mail, () => popdesk.deadLetters.remove(ref))).rejects.toThrow('killed');
  expect(await popdesk.deadLetters.get(ref)).toBeUndefined();
  expect(await popdesk.queue.getJob(ref)).toBeUndefined();

  const reconciled = await reconcileMailJobs({
    ...popdesk,
    logger: pino({ level: 'silent' }),
    maxStalledCount: 1,
    orphanGraceMs: 0,
    // The grace is counted from when the copy was stored: look from just after it.
    now: () => new Date(Date.now() + 1000),
  });
  expect(reconciled.deadLettered).toEqual([ref]);
  const letter = await popdesk.deadLetters.get(ref);
  expect(letter?.reason).toBe('orphaned');
  expect(letter?.raw.equals(mail.raw)).toBe(true);
  expect(letter?.rawComplete).toBe(true);
});
