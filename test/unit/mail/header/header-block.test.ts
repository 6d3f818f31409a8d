import { expect, test } from 'vitest';
import { MAX_HEADER_BLOCK_BYTES, readHeaderBlock } from '../../../../src/mail/header/header-block.js';

const fields = (raw: string) =>
  readHeaderBlock(Buffer.from(raw, 'latin1')).fields.map((field) => [
    field.name,
    field.value.toString('latin1'),
  ]);

test('CRLF, folding, lower-cased names, repeated fields in order', () => {
  const raw =
    'Subject: a long\r\n\tsubject\r\nReceived: one\r\nReceived: two\r\nX-Empty:\r\n\r\nBody: no\r\n';
  expect(fields(raw)).toEqual([
    ['subject', 'a long subject'],
    ['received', 'one'],
    ['received', 'two'],
    ['x-empty', ''],
  ]);
  expect(readHeaderBlock(Buffer.from(raw)).bodyOffset).toBe(raw.indexOf('Body'));
});

test('bare LF, an mbox From line and junk lines', () => {
  expect(
    fields('From someone Tue Mar 12 2024\nSubject: lf\njunk without colon\n : no name\nTo: a@b.c\n\nbody'),
  ).toEqual([
    ['subject', 'lf'],
    ['to', 'a@b.c'],
  ]);
});

test('raw 8-bit bytes stay bytes', () => {
  const block = readHeaderBlock(Buffer.from('Subject: Ren\xe9e\r\n\r\n', 'latin1'));
  expect([...block.fields[0]!.value]).toEqual([...Buffer.from('Ren\xe9e', 'latin1')]);
});

test('no body separator, no bytes at all', () => {
  const raw = Buffer.from('Subject: cut');
  expect(readHeaderBlock(raw)).toEqual({
    fields: [{ name: 'subject', value: Buffer.from('cut') }],
    bodyOffset: 12,
  });
  expect(readHeaderBlock(Buffer.alloc(0))).toEqual({ fields: [], bodyOffset: 0 });
});

test('a continuation line before any field is ignored', () => {
  expect(fields(' orphan\r\nSubject: x\r\n\r\n')).toEqual([['subject', 'x']]);
});

test('a header block over 1 MiB: fields read up to the limit, the body still found after it', () => {
  const raw = Buffer.from(
    `Subject: first\r\nX-Big: ${'a'.repeat(2 * MAX_HEADER_BLOCK_BYTES)}\r\nTo: late@example.com\r\n\r\nBody`,
  );
  const block = readHeaderBlock(raw);
  expect(block.fields.map((field) => field.name)).toEqual(['subject', 'x-big']);
  expect(block.fields[1]!.value.length).toBeLessThan(MAX_HEADER_BLOCK_BYTES);
  expect(raw.subarray(block.bodyOffset).toString()).toBe('Body');
});

test('a header block over 1 MiB with bare LF line ends', () => {
  const raw = Buffer.from(`${'X-A: b\n'.repeat(200_000)}\nBody`);
  expect(raw.subarray(readHeaderBlock(raw).bodyOffset).toString()).toBe('Body');
});
