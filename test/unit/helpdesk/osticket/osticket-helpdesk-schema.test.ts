import { expect, test } from 'vitest';
import { osTicketHelpdeskSchema } from '../../../../src/config/helpdesks/osticket-helpdesk-schema.js';

const minimal = { type: 'osticket', url: 'https://help.example.com/api', apiKey: 'ABCDEF0123' };

test('defaults: raw-mail mode, osTicket priority ids, 1 MiB files, 30s', () => {
  expect(osTicketHelpdeskSchema.parse(minimal)).toEqual({
    ...minimal,
    mode: 'raw-mail',
    priorities: { low: 1, normal: 2, high: 3, urgent: 4 },
    maxFileSize: 1024 * 1024,
    timeout: 30_000,
  });
});

test("maxFileSize takes osTicket's sizes", () => {
  expect(osTicketHelpdeskSchema.parse({ ...minimal, maxFileSize: '32MiB' }).maxFileSize).toBe(
    32 * 1024 * 1024,
  );
});

test('json mode with a topic', () => {
  expect(osTicketHelpdeskSchema.parse({ ...minimal, mode: 'json', topicId: 2 })).toMatchObject({
    mode: 'json',
    topicId: 2,
  });
});

test.each([
  {
    name: 'missing key',
    input: { ...minimal, apiKey: undefined },
    path: 'apiKey',
    message: 'required (or set apiKeyFile)',
  },
  {
    name: 'key with a line break',
    input: { ...minimal, apiKey: 'a\r\nX-Other: 1' },
    path: 'apiKey',
    message: 'must not contain line breaks',
  },
  {
    name: 'unknown mode',
    input: { ...minimal, mode: 'xml' },
    path: 'mode',
    message: 'must be raw-mail or json',
  },
  {
    name: 'topic name',
    input: { ...minimal, topicId: 'Billing' },
    path: 'topicId',
    message: 'must be a whole number',
  },
  { name: 'topic zero', input: { ...minimal, topicId: 0 }, path: 'topicId', message: undefined },
  {
    name: 'priority name',
    input: { ...minimal, priorities: { high: 'High' } },
    path: 'priorities.high',
    message: 'must be a whole number',
  },
  { name: 'unknown key', input: { ...minimal, key: 'x' }, path: '', message: undefined },
])('$name is refused', ({ input, path, message }) => {
  const result = osTicketHelpdeskSchema.safeParse(input);
  expect(result.success).toBe(false);
  const issue = result.error?.issues[0];
  expect(issue?.path.join('.')).toBe(path);
  if (message !== undefined) expect(issue?.message).toBe(message);
});
