import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PollRig, startPollRig } from '../mailbox/poll-rig.js';

let rig: PollRig;
beforeAll(async () => {
  rig = await startPollRig();
});
afterAll(async () => {
  await rig?.stop();
});

const mail = Buffer.from(
  'From: a@example.com\r\nTo: support@example.com\r\nSubject: twice\r\nMessage-ID: <twice@example.com>\r\n\r\nbody\r\n',
);

// A mailbox can hold the same bytes twice under two UIDLs (a message copied back, a client that
// uploaded it twice). Pipelined RETRs hand both to the intake at once: both read "not seen yet"
// before either recorded it, and the mail became two jobs, then two tickets.
test('the same bytes accepted twice at once under two UIDLs: one job, one duplicate', async () => {
  const outcomes = await Promise.all([
    rig.intake.accept('support', 'uidl-a', mail, mail.length),
    rig.intake.accept('support', 'uidl-b', mail, mail.length),
  ]);
  expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['duplicate', 'queued']);
  const queued = outcomes.find((outcome) => outcome.kind === 'queued');
  expect(await rig.raw(queued?.ref ?? '')).not.toBeNull();
});
