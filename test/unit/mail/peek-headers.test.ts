import { expect, test } from 'vitest';
import { peekHeaders } from '../../../src/mail/peek-headers.js';

test('reads Message-ID, Subject and From, unfolded, first occurrence', () => {
  const raw = Buffer.from(
    'Received: x\r\nSubject: a long\r\n subject\r\nFrom: "A" <a@example.com>\r\nMessage-ID:\r\n <id-1@example.com>\r\nSubject: second\r\n\r\nSubject: body\r\n',
  );
  expect(peekHeaders(raw)).toEqual({
    messageId: 'id-1@example.com',
    subject: 'a long subject',
    from: '"A" <a@example.com>',
  });
});

test('bare LF mail, missing headers and garbage do not throw', () => {
  expect(peekHeaders(Buffer.from('Subject: lf only\n\nbody'))).toEqual({ subject: 'lf only' });
  expect(peekHeaders(Buffer.alloc(0))).toEqual({});
  expect(peekHeaders(Buffer.from([0xff, 0x00, 0x3a, 0x0a]))).toEqual({});
});

test('values are cut to 200 characters', () => {
  expect(peekHeaders(Buffer.from(`Subject: ${'x'.repeat(500)}\r\n\r\n`)).subject).toHaveLength(200);
});
