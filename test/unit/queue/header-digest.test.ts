import { expect, test } from 'vitest';
import { headerDigest } from '../../../src/queue/header-digest.js';

test('the header block of a whole mail and of TOP n 0 give the same digest; other headers do not', () => {
  const mail = Buffer.from('Subject: a\r\nFrom: x@y\r\n\r\nbody\r\n');
  expect(headerDigest(mail)).toBe(headerDigest(Buffer.from('Subject: a\r\nFrom: x@y\r\n\r\n')));
  expect(headerDigest(mail)).not.toBe(headerDigest(Buffer.from('Subject: b\r\nFrom: x@y\r\n\r\nbody\r\n')));
});

test('a mail without a body matches its TOP, which adds the empty line', () => {
  expect(headerDigest(Buffer.from('Subject: a\r\n'))).toBe(headerDigest(Buffer.from('Subject: a\r\n\r\n')));
  expect(headerDigest(Buffer.from('Subject: a\n\nbody'))).toBe(headerDigest(Buffer.from('Subject: a\n\n')));
});
