import { describe, expect, test } from 'vitest';
import { type DeliveryHistory, helpdeskLookupReason } from '../../../src/worker/helpdesk-lookup-reason.js';

const fresh: DeliveryHistory = {
  messageIdKnown: false,
  postingMarked: false,
  retried: false,
  requeued: false,
  twinQueued: false,
  takenInAfterDataLoss: false,
  imported: false,
};

describe('helpdeskLookupReason', () => {
  test('a fresh mail on its first run is posted without asking the helpdesk', () => {
    expect(helpdeskLookupReason(fresh)).toBeUndefined();
  });

  test.each([
    ['a run noted posting it and recorded no ticket', { postingMarked: true }, 'posting-mark'],
    ['a BullMQ retry or a revived job', { retried: true }, 'retry'],
    ['a dead letter or filtered mail a person requeued', { requeued: true }, 'requeued'],
    ['a twin with the same Message-ID queued under another reference', { twinQueued: true }, 'twin'],
    ['taken in while Redis was new or had lost its data', { takenInAfterDataLoss: true }, 'data-loss'],
    ['imported from files: the helpdesk may hold tickets of that backlog', { imported: true }, 'imported'],
  ] as const)('%s: the helpdesk is asked', (_label, history, reason) => {
    expect(helpdeskLookupReason({ ...fresh, ...history })).toBe(reason);
  });

  test('a Message-ID the ledger maps is a different mail reusing the id: never looked up', () => {
    expect(
      helpdeskLookupReason({
        messageIdKnown: true,
        postingMarked: true,
        retried: true,
        requeued: true,
        twinQueued: true,
        takenInAfterDataLoss: true,
        imported: true,
      }),
    ).toBeUndefined();
  });
});
