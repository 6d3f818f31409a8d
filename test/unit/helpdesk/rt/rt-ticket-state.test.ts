import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CLOSED_STATUSES,
  readId,
  ticketStateFromRt,
} from '../../../../src/helpdesk/rt/rt-ticket-state.js';

describe('ticketStateFromRt', () => {
  test.each([
    ['a 404', '12', undefined, { kind: 'missing' }],
    ['new', '12', { id: 12, Status: 'new' }, { kind: 'open' }],
    ['open', '12', { id: 12, Status: 'open' }, { kind: 'open' }],
    ['stalled', '12', { id: 12, Status: 'stalled' }, { kind: 'open' }],
    ['a custom active status', '12', { id: 12, Status: 'waiting for customer' }, { kind: 'open' }],
    ['resolved', '12', { id: 12, Status: 'resolved' }, { kind: 'closed' }],
    ['rejected', '12', { id: 12, Status: 'rejected' }, { kind: 'closed' }],
    ['Resolved in capitals', '12', { id: 12, Status: 'Resolved' }, { kind: 'closed' }],
    ['deleted', '12', { id: 12, Status: 'deleted' }, { kind: 'missing' }],
    [
      'merged: RT answers the surviving ticket',
      '12',
      { id: 7, Status: 'open' },
      { kind: 'merged', into: '7' },
    ],
    ['merged into a resolved ticket', '12', { id: 7, Status: 'resolved' }, { kind: 'merged', into: '7' }],
    ['the id as a string', '12', { id: '12', Status: 'open' }, { kind: 'open' }],
    ['a requested id with leading zeros', '012', { id: 12, Status: 'open' }, { kind: 'open' }],
    ['a body without id', '12', { Status: 'open' }, { kind: 'missing' }],
    ['a body without status', '12', { id: 12 }, { kind: 'missing' }],
    ['not an object', '12', 'Not Found', { kind: 'missing' }],
  ] as const)('%s', (_name, requested, body, state) => {
    expect(ticketStateFromRt(requested, body, DEFAULT_CLOSED_STATUSES)).toEqual(state);
  });

  test('configured closed statuses replace the default ones', () => {
    expect(ticketStateFromRt('1', { id: 1, Status: 'done' }, ['done'])).toEqual({ kind: 'closed' });
    expect(ticketStateFromRt('1', { id: 1, Status: 'resolved' }, ['done'])).toEqual({ kind: 'open' });
  });
});

describe('readId', () => {
  test.each([
    [{ id: 5 }, '5'],
    [{ id: '5' }, '5'],
    [{ id: '005' }, '5'],
    [{ id: 0 }, undefined],
    [{ id: 1.5 }, undefined],
    [{ id: 'x5' }, undefined],
    [{ id: null }, undefined],
    [null, undefined],
    ['5', undefined],
  ])('%j is %j', (record, id) => {
    expect(readId(record)).toBe(id);
  });
});
