import { describe, expect, test } from 'vitest';
import { queueSetupCheck, readQueueSetup } from '../../../../src/helpdesk/rt/rt-queue-setup.js';

/** The parts of REST2's GET /queue/{name} answer that matter here (RT 5.0.3). */
const queue = {
  id: 3,
  Name: 'Billing',
  TicketCustomFields: [
    { id: '2', name: 'Message-ID', ref: 'customfield', type: 'customfield' },
    { id: '5', name: 'popdesk tags', ref: 'customfield', type: 'customfield' },
  ],
  TicketTransactionCustomFields: [{ id: '4', name: 'Message-ID', ref: 'customfield', type: 'customfield' }],
};

describe('readQueueSetup', () => {
  test('the queue id and the ids of the ticket and transaction fields of the same name', () => {
    expect(readQueueSetup(queue, { messageId: 'Message-ID', replyMessageId: 'Message-ID' })).toEqual({
      queueId: '3',
      fields: { messageId: '2', replyMessageId: '4' },
    });
  });

  test('names are compared without regard to case; the tags field is found when configured', () => {
    expect(
      readQueueSetup(queue, { messageId: 'message-id', replyMessageId: 'MESSAGE-ID', tags: 'Popdesk Tags' }),
    ).toEqual({ queueId: '3', fields: { messageId: '2', replyMessageId: '4', tags: '5' } });
  });

  test('every missing field is named', () => {
    expect(
      readQueueSetup(
        { id: 3, TicketCustomFields: [], TicketTransactionCustomFields: [] },
        { messageId: 'Message-ID', replyMessageId: 'Reply-ID', tags: 'Tags' },
      ),
    ).toEqual({
      missing: [
        'ticket custom field "Message-ID"',
        'transaction custom field "Reply-ID"',
        'ticket custom field "Tags"',
      ],
    });
  });

  test('a transaction field does not stand in for the ticket field, nor the other way round', () => {
    const swapped = {
      id: 3,
      TicketCustomFields: [{ id: '4', name: 'Reply-ID' }],
      TicketTransactionCustomFields: [{ id: '2', name: 'Message-ID' }],
    };
    expect(readQueueSetup(swapped, { messageId: 'Message-ID', replyMessageId: 'Reply-ID' })).toEqual({
      missing: ['ticket custom field "Message-ID"', 'transaction custom field "Reply-ID"'],
    });
  });

  test('something that is not a queue record', () => {
    expect(readQueueSetup({ message: 'Not Found' }, { messageId: 'M', replyMessageId: 'M' })).toEqual({
      missing: [
        'the queue id (not a REST2 queue record)',
        'ticket custom field "M"',
        'transaction custom field "M"',
      ],
    });
  });
});

describe('queueSetupCheck', () => {
  const names = { messageId: 'Message-ID', replyMessageId: 'Message-ID' };

  test('a queue with both fields passes and names them', () => {
    const check = queueSetupCheck('Billing', queue, names);
    expect(check).toMatchObject({ what: 'queue Billing', ok: true });
    expect(check.detail).toContain('"Message-ID" on transactions');
  });

  test('a missing field fails, names the field and points at the RT setup docs', () => {
    const check = queueSetupCheck('Billing', { ...queue, TicketTransactionCustomFields: [] }, names);
    expect(check.ok).toBe(false);
    expect(check.detail).toBe('lacks transaction custom field "Message-ID"');
    expect(check.fix).toContain('docs/helpdesks/rt.md');
  });

  test('a queue RT does not know fails', () => {
    expect(queueSetupCheck('Nope', undefined, names)).toMatchObject({
      ok: false,
      detail: 'RT has no such queue',
    });
  });
});
