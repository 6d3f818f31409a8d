import { expect, test } from 'vitest';
import { findMimeDamage } from '../../../../src/mail/body/find-mime-damage.js';
import { readHeaderBlock } from '../../../../src/mail/header/header-block.js';

const damage = (raw: string) => {
  const bytes = Buffer.from(raw, 'latin1');
  return findMimeDamage(bytes, readHeaderBlock(bytes));
};

test.each([
  ['', 'the message is empty'],
  ['random words\nand no header\n', 'no mail header found'],
  ['X-Only: custom\r\n\r\nbody', 'no mail header found'],
  ['Content-Type: multipart/mixed\r\n\r\n--x\r\n', 'multipart body without a boundary'],
  [
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ncut',
    'multipart body without its closing boundary (truncated?)',
  ],
])('%j', (raw, expected) => {
  expect(damage(raw)).toBe(expected);
});

test.each([
  'Subject: plain\r\n\r\nbody',
  'Subject: headers only',
  'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n',
  'Content-Type: multipart/alternative;\r\n boundary="=_a b"\r\n\r\n--=_a b--',
])('%j is whole', (raw) => {
  expect(damage(raw)).toBeUndefined();
});
