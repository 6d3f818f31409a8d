import { expect, test } from 'vitest';
import { mailRef } from '../../../src/queue/mail-ref.js';

test('the same mailbox and UIDL always give the same reference, a valid BullMQ job id', () => {
  const ref = mailRef('support', '000000016b080b9d');
  expect(ref).toBe(mailRef('support', '000000016b080b9d'));
  expect(ref).toMatch(/^m[0-9a-f]{40}$/);
  expect(ref).not.toBe(mailRef('sales', '000000016b080b9d'));
  expect(mailRef('support', 'a:b')).not.toContain(':');
});

test('a variant (the content hash) gives another reference for the same UIDL, the same every time', () => {
  expect(mailRef('support', 'u1', 'abc')).not.toBe(mailRef('support', 'u1'));
  expect(mailRef('support', 'u1', 'abc')).not.toBe(mailRef('support', 'u1', 'abd'));
  expect(mailRef('support', 'u1', 'abc')).toBe(mailRef('support', 'u1', 'abc'));
});
