import { describe, expect, test } from 'vitest';
import { rawHeaderBlock } from '../../../../src/mail/index.js';

describe('rawHeaderBlock', () => {
  test.each([
    { name: 'CRLF', raw: 'A: 1\r\nB: 2\r\n\r\nbody', header: 'A: 1\r\nB: 2' },
    { name: 'LF', raw: 'A: 1\nB: 2\n\nbody', header: 'A: 1\nB: 2' },
    { name: 'no body', raw: 'A: 1\r\n', header: 'A: 1' },
    { name: 'empty', raw: '', header: '' },
  ])('$name', ({ raw, header }) => {
    expect(rawHeaderBlock(Buffer.from(raw)).toString()).toBe(header);
  });

  test('non-UTF-8 header bytes are kept as they are', () => {
    const raw = Buffer.concat([Buffer.from('Subject: caf'), Buffer.from([0xe9]), Buffer.from('\r\n\r\nx')]);
    expect(rawHeaderBlock(raw)).toEqual(raw.subarray(0, 13));
  });
});
