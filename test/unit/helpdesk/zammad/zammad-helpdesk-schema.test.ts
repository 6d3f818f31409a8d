import { expect, test } from 'vitest';
import { zammadHelpdeskSchema } from '../../../../src/config/helpdesks/zammad-helpdesk-schema.js';

const minimal = { type: 'zammad', url: 'https://zammad.example.com', token: 'tok', defaultGroup: 'Users' };

test('defaults fill everything but url, token and group', () => {
  expect(zammadHelpdeskSchema.parse(minimal)).toEqual({
    ...minimal,
    ticketHook: 'Ticket#',
    ticketHookDivider: '',
    priorities: { low: '1 low', normal: '2 normal', high: '3 high', urgent: '3 high' },
    closedStates: ['closed'],
    timeout: 30_000,
  });
});

test('partial priorities keep the other defaults', () => {
  const parsed = zammadHelpdeskSchema.parse({ ...minimal, priorities: { urgent: '4 urgent' } });
  expect(parsed.priorities).toEqual({ low: '1 low', normal: '2 normal', high: '3 high', urgent: '4 urgent' });
});

test.each([
  {
    name: 'missing token',
    input: { ...minimal, token: undefined },
    path: 'token',
    message: 'required (or set tokenFile)',
  },
  {
    name: 'token with a line break',
    input: { ...minimal, token: 'a\nb' },
    path: 'token',
    message: 'must not contain line breaks',
  },
  {
    name: 'missing group',
    input: { ...minimal, defaultGroup: undefined },
    path: 'defaultGroup',
    message: 'required',
  },
  {
    name: 'ftp url',
    input: { ...minimal, url: 'ftp://zammad.example.com' },
    path: 'url',
    message: 'must be an http:// or https:// URL',
  },
  {
    name: 'bad fallback',
    input: { ...minimal, customerFallback: 'nobody' },
    path: 'customerFallback',
    message: 'must be an email address',
  },
  { name: 'unknown key', input: { ...minimal, group: 'Users' }, path: '', message: undefined },
  {
    name: 'unknown priority level',
    input: { ...minimal, priorities: { critical: 'x' } },
    path: 'priorities',
    message: undefined,
  },
  {
    name: 'no closed states',
    input: { ...minimal, closedStates: [] },
    path: 'closedStates',
    message: undefined,
  },
  {
    name: 'bare number timeout',
    input: { ...minimal, timeout: 30 },
    path: 'timeout',
    message: 'use a unit, e.g. "30s"',
  },
])('$name is refused', ({ input, path, message }) => {
  const result = zammadHelpdeskSchema.safeParse(input);
  expect(result.success).toBe(false);
  const issue = result.error?.issues[0];
  expect(issue?.path.join('.')).toBe(path);
  if (message !== undefined) expect(issue?.message).toBe(message);
});
