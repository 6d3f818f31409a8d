import { describe, expect, test } from 'vitest';
import { threadCandidates } from '../../../src/threading/thread-candidates.js';
import { noteThreadable } from '../../../src/worker/find-note-target.js';
import { testMail } from '../helpdesk/test-request.js';

const daemon = { address: 'MAILER-DAEMON@mx.example.com', name: 'Mail Delivery System' };

describe('noteThreadable', () => {
  test('an auto-reply threads as itself', () => {
    const mail = testMail({ inReplyTo: ['q1@customer.example'] });
    expect(noteThreadable('auto-reply', mail)).toBe(mail);
  });

  test("a bounce threads as the mail it reports: that mail's own id first, then what it answered", () => {
    const mail = testMail({
      messageId: 'dsn-1@mx.example.com',
      from: daemon,
      subject: 'Undelivered Mail Returned to Sender',
      inReplyTo: ['unrelated@mx.example.com'],
      reportedMail: {
        messageId: 'reply-1@helpdesk.example',
        inReplyTo: ['q1@customer.example'],
        references: ['root@customer.example', 'q1@customer.example'],
        subject: '[#7] Re: The kettle leaks',
        from: { address: 'support@example.com', name: 'Support' },
      },
    });
    const threadable = noteThreadable('bounce', mail);
    expect(threadable?.subject).toBe('[#7] Re: The kettle leaks');
    expect(threadable?.from).toEqual(daemon);
    expect(threadCandidates(threadable!)).toEqual([
      'reply-1@helpdesk.example',
      'q1@customer.example',
      'root@customer.example',
    ]);
  });

  test('a bounce without returned headers has nothing to thread by', () => {
    expect(noteThreadable('bounce', testMail({ from: daemon }))).toBeUndefined();
  });
});
