import { expect, test } from 'vitest';
import { failedJobReason } from '../../../src/worker/failed-job-reason.js';

test('more stalls than maxStalledCount: BullMQ gave up because its workers kept dying', () => {
  expect(
    failedJobReason(
      { stalledCounter: 2, attemptsMade: 0, failedReason: 'job stalled more than allowable limit' },
      1,
    ),
  ).toEqual({
    reason: 'stalled',
    detail:
      'the worker delivering it stalled or died 2 times, so BullMQ gave up on it (job stalled more than allowable limit)',
  });
});

test('a stall within the allowance followed by an error is an error outside delivery', () => {
  expect(failedJobReason({ stalledCounter: 1, attemptsMade: 3, failedReason: 'READONLY' }, 1)).toEqual({
    reason: 'unexpected-error',
    detail: 'the job failed outside delivery after 3 attempt(s): READONLY',
  });
});

test('the decision does not depend on the message text', () => {
  expect(failedJobReason({ stalledCounter: 0, attemptsMade: 1, failedReason: 'job stalled' }, 1).reason).toBe(
    'unexpected-error',
  );
  expect(failedJobReason({ stalledCounter: 3, attemptsMade: 0, failedReason: undefined }, 2).reason).toBe(
    'stalled',
  );
});
