import { expect, test } from 'vitest';
import { mailJobSchema } from '../../../src/queue/jobs/mail-job.js';
import {
  deadLetter,
  filteredMail,
  type KeptMailInstallation,
  newRef,
  useKeptMailInstallations,
} from './kept-mail-fixture.js';

const installation = useKeptMailInstallations();

/** The mail job of `ref` as a worker would find it, with its BullMQ state. */
async function queuedJob(popdesk: KeptMailInstallation, ref: string) {
  const job = await popdesk.queue.getJob(ref);
  if (job === undefined) return undefined;
  return {
    id: job.id,
    state: await job.getState(),
    data: mailJobSchema.parse(job.data),
    attempts: job.opts.attempts,
  };
}

test('filtered requeue: the old job is replaced by one marked requeued, the raw mail is back, the record gone', async () => {
  const popdesk = await installation();
  const ref = newRef();
  const mail = filteredMail(ref, { messageId: '<ooo-1@customer.example>' });
  await popdesk.finishedJob(ref, 'completed');
  await popdesk.filtered.add(mail);

  const run = await popdesk.cli('filtered', 'requeue', ref);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(`requeued ${ref} (auto-reply): a worker delivers it as a normal mail\n`);

  expect(await queuedJob(popdesk, ref)).toEqual({
    id: ref,
    state: 'waiting',
    // The queue's own options, as the app sets them: 60 attempts by default.
    attempts: 60,
    data: {
      mailboxId: 'support',
      ref,
      uidl: 'requeued',
      size: mail.raw.length,
      fetchedAt: expect.any(String),
      messageId: '<ooo-1@customer.example>',
      subject: 'Out of office',
      from: 'anna@customer.example',
      waits: 0,
      revived: 0,
      requeued: true,
    },
  });
  expect((await popdesk.rawMail.take(ref))?.equals(mail.raw)).toBe(true);
  expect(await popdesk.filtered.get(ref)).toBeUndefined();
  expect((await popdesk.cli('filtered', 'list')).stdout).toBe('no filtered mail\n');
});

test('requeue twice: the second run finds nothing, exits 1 and leaves the one job as it is', async () => {
  const popdesk = await installation();
  const ref = newRef();
  await popdesk.filtered.add(filteredMail(ref));
  expect((await popdesk.cli('filtered', 'requeue', ref)).code).toBe(0);

  const again = await popdesk.cli('filtered', 'requeue', ref);
  expect(again.code).toBe(1);
  expect(again.stdout).toBe('');
  expect(again.stderr).toBe(`popdesk: no filtered mail "${ref}"\n`);
  expect((await queuedJob(popdesk, ref))?.data.requeued).toBe(true);
  expect(await popdesk.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });

  const all = await popdesk.cli('filtered', 'requeue', '--all');
  expect(all.code).toBe(0);
  expect(all.stdout).toBe('no filtered mail to requeue\n');
});

test('dead-letters requeue: a failed job is replaced, the dead letter becomes a queued mail again', async () => {
  const popdesk = await installation();
  const ref = newRef();
  const letter = deadLetter(ref);
  await popdesk.finishedJob(ref, 'failed');
  await popdesk.deadLetters.add(letter);

  const run = await popdesk.cli('dead-letters', 'requeue', ref);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(`requeued ${ref} (helpdesk-rejected): a worker delivers it as a normal mail\n`);
  const job = await queuedJob(popdesk, ref);
  expect(job?.state).toBe('waiting');
  expect(job?.data).toMatchObject({ ref, mailboxId: 'support', requeued: true, subject: 'Invoice 42' });
  expect((await popdesk.rawMail.take(ref))?.equals(letter.raw)).toBe(true);
  expect(await popdesk.deadLetters.get(ref)).toBeUndefined();
  expect((await popdesk.cli('dead-letters', 'list')).stdout).toBe('no dead letters\n');
});

test('a dead letter holding only headers is not requeued: it says so and stays', async () => {
  const popdesk = await installation();
  const ref = newRef();
  const headers = Buffer.from('From: big@customer.example\r\nSubject: 80 MB of scans\r\n\r\n');
  await popdesk.deadLetters.add(deadLetter(ref, { reason: 'too-large', raw: headers, rawComplete: false }));

  const run = await popdesk.cli('dead-letters', 'requeue', ref);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(`${ref} not requeued: only its headers were kept (too-large)`);
  expect(run.stderr).toContain(`popdesk dead-letters export ${ref}`);
  expect((await popdesk.deadLetters.get(ref))?.raw.equals(headers)).toBe(true);
  expect(await popdesk.queue.getJob(ref)).toBeUndefined();
  expect(await popdesk.rawMail.take(ref)).toBeNull();
});

test('a mail whose job is active is not requeued, and nothing changes', async () => {
  const popdesk = await installation();
  const ref = newRef();
  const release = await popdesk.activeJob(ref);
  try {
    await popdesk.deadLetters.add(deadLetter(ref));
    const run = await popdesk.cli('dead-letters', 'requeue', ref);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${ref} not requeued: its job is active`);
    expect(await popdesk.deadLetters.get(ref)).toBeDefined();
    expect(await popdesk.rawMail.take(ref)).toBeNull();
    const job = await queuedJob(popdesk, ref);
    expect(job?.state).toBe('active');
    expect(job?.data.requeued).toBe(false);
  } finally {
    await release();
  }
});

test('requeue --all --reason: every mail kept for that reason goes, the others stay', async () => {
  const popdesk = await installation();
  const [spam1, spam2, bulk] = [newRef(), newRef(), newRef()];
  await popdesk.filtered.add(filteredMail(spam1, { class: 'spam', reason: 'spam' }));
  await popdesk.filtered.add(filteredMail(spam2, { class: 'spam', reason: 'spam' }));
  await popdesk.filtered.add(filteredMail(bulk, { class: 'bulk', reason: 'bulk' }));

  const run = await popdesk.cli('filtered', 'requeue', '--all', '--reason', 'spam');
  expect(run.code).toBe(0);
  expect(run.stdout.trimEnd().split('\n').sort()).toEqual(
    [
      `requeued ${spam1} (spam): a worker delivers it as a normal mail`,
      `requeued ${spam2} (spam): a worker delivers it as a normal mail`,
      'requeued 2 of 2',
    ].sort(),
  );
  expect((await queuedJob(popdesk, spam1))?.data.requeued).toBe(true);
  expect((await queuedJob(popdesk, spam2))?.data.requeued).toBe(true);
  expect(await popdesk.queue.getJob(bulk)).toBeUndefined();
  expect((await popdesk.filtered.get(bulk))?.reason).toBe('bulk');
});

test('dead-letters requeue --all requeues what it can, names what it cannot, and exits 1', async () => {
  const popdesk = await installation();
  const [complete, headersOnly] = [newRef(), newRef()];
  await popdesk.deadLetters.add(deadLetter(complete));
  await popdesk.deadLetters.add(
    deadLetter(headersOnly, { reason: 'unfetchable', raw: Buffer.alloc(0), rawComplete: false }),
  );
  const run = await popdesk.cli('dead-letters', 'requeue', '--all');
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(`requeued ${complete} (helpdesk-rejected)`);
  expect(run.stdout).toContain('requeued 1 of 2');
  expect(run.stderr).toContain(`${headersOnly} not requeued: only its headers were kept (unfetchable)`);
  expect(await popdesk.deadLetters.get(complete)).toBeUndefined();
  expect(await popdesk.deadLetters.get(headersOnly)).toBeDefined();
});

test('requeue needs exactly one of an id and --all', async () => {
  const popdesk = await installation();
  const neither = await popdesk.cli('filtered', 'requeue');
  expect(neither.code).toBe(2);
  expect(neither.stderr).toContain('filtered requeue needs an id or --all');
  const both = await popdesk.cli('dead-letters', 'requeue', newRef(), '--all');
  expect(both.code).toBe(2);
  expect(both.stderr).toContain('dead-letters requeue needs an id or --all');
});
