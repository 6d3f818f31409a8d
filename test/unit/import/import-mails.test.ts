import { describe, expect, test } from 'vitest';
import { importUidl } from '../../../src/import/import-mails.js';

const mail = (extra: string): Buffer =>
  Buffer.from(`From: a@example.com\r\nMessage-ID: <one@example.com>\r\n${extra}Subject: x\r\n\r\nbody\r\n`);

describe('importUidl', () => {
  test('the same Message-ID with other bytes (a Status: header a client added) gives the same UIDL', () => {
    expect(importUidl(mail(''))).toBe(importUidl(mail('Status: RO\r\n')));
  });

  test('without a Message-ID, the bytes decide', () => {
    const a = Buffer.from('From: a@example.com\r\n\r\none\r\n');
    const b = Buffer.from('From: a@example.com\r\n\r\ntwo\r\n');
    expect(importUidl(a)).not.toBe(importUidl(b));
    expect(importUidl(a)).toBe(importUidl(Buffer.from(a)));
  });
});
