import { expect, test } from 'vitest';
import { readHeaderBlock } from '../../../../src/mail/header/header-block.js';
import { readMailHeaders } from '../../../../src/mail/header/read-mail-headers.js';

const read = (raw: string) => {
  const problems: string[] = [];
  return { headers: readMailHeaders(readHeaderBlock(Buffer.from(raw, 'latin1')), problems), problems };
};

test('the headers record keeps the first occurrence of the listed names, decoded', () => {
  const { headers } = read(
    'Auto-Submitted: auto-replied\r\nAuto-Submitted: no\r\nX-Autorespond: =?utf-8?Q?Abwesenheitsnotiz_f=C3=BCr?= Jonas\r\n' +
      'Precedence: bulk\r\nX-Other: ignored\r\nReturn-Path: <>\r\n\r\n',
  );
  expect(headers.headers).toEqual({
    'auto-submitted': 'auto-replied',
    'x-autorespond': 'Abwesenheitsnotiz für Jonas',
    precedence: 'bulk',
    'return-path': '<>',
  });
});

test('X-Zammad-* headers are kept by their own names, at most 20 of them', () => {
  const many = Array.from({ length: 30 }, (_, index) => `X-Zammad-Field-${index}: ${index}\r\n`).join('');
  const { headers } = read(
    `X-Zammad-Ignore: true\r\nX-Zammad-Ignore: false\r\n${many}X-Zammad: no prefix\r\n\r\n`,
  );
  const zammad = Object.keys(headers.headers).filter((name) => name.startsWith('x-zammad'));
  expect(zammad).toHaveLength(20);
  expect(headers.headers['x-zammad-ignore']).toBe('true');
  expect(headers.headers['x-zammad-field-18']).toBe('18');
  expect(headers.headers['x-zammad-field-19']).toBeUndefined();
  expect(headers.headers['x-zammad']).toBeUndefined();
});

test('To and Cc gather every occurrence; From is the first address', () => {
  const { headers } = read('From: a@x, b@x\r\nTo: c@x\r\nTo: d@x\r\nCc: e@x\r\n\r\n');
  expect(headers.from).toEqual({ address: 'a@x', name: '' });
  expect(headers.to.map((a) => a.address)).toEqual(['c@x', 'd@x']);
  expect(headers.cc.map((a) => a.address)).toEqual(['e@x']);
});

test('a Message-ID with no id in it is reported and left undefined', () => {
  const { headers, problems } = read('Message-ID: <>\r\nSubject: x\r\n\r\n');
  expect(headers.messageId).toBeUndefined();
  expect(problems).toEqual(['message-id header: no usable id in it']);
});

test('missing headers', () => {
  const { headers, problems } = read('X-Nothing: here\r\n\r\n');
  expect(headers).toEqual({
    messageId: undefined,
    inReplyTo: [],
    references: [],
    from: undefined,
    replyTo: [],
    to: [],
    cc: [],
    date: undefined,
    subject: '',
    headers: {},
  });
  expect(problems).toEqual([]);
});
