import { describe, expect, test } from 'vitest';
import { rtHelpdeskSchema } from '../../../../src/config/helpdesks/rt-helpdesk-schema.js';

const MINIMAL = { type: 'rt', url: 'https://rt.example.com', rtname: 'example.com', token: '1-2-abc' };

function issues(input: unknown): string[] {
  const result = rtHelpdeskSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('rtHelpdeskSchema', () => {
  test('defaults', () => {
    expect(rtHelpdeskSchema.parse(MINIMAL)).toEqual({
      ...MINIMAL,
      defaultQueue: 'General',
      messageIdField: 'Message-ID',
      priorities: { low: 0, normal: 50, high: 100, urgent: 100 },
      closedStatuses: ['resolved', 'rejected'],
      reopenStatus: 'open',
      timeout: 30_000,
    });
  });

  test('every key', () => {
    const full = {
      type: 'rt',
      url: 'https://example.com/rt',
      username: 'popdesk',
      password: 'pw',
      passwordFile: '/run/secrets/rt',
      rtname: 'example.com',
      defaultQueue: 'Support',
      messageIdField: 'Message-ID',
      replyMessageIdField: 'Reply Message-ID',
      tagsField: 'Tags',
      priorities: { urgent: 120 },
      closedStatuses: ['resolved', 'rejected', 'done'],
      reopenStatus: 'reopened',
      timeout: '10s',
    };
    expect(rtHelpdeskSchema.parse(full)).toEqual({
      ...full,
      priorities: { low: 0, normal: 50, high: 100, urgent: 120 },
      timeout: 10_000,
    });
  });

  test.each([
    [{ ...MINIMAL, token: undefined }, 'token: required (or set username and password)'],
    [{ ...MINIMAL, username: 'u', password: 'p' }, 'token: set either token or username/password, not both'],
    [
      { ...MINIMAL, token: undefined, username: 'u' },
      'password: required with username (or set passwordFile)',
    ],
    [{ ...MINIMAL, token: undefined, password: 'p' }, 'username: required with password'],
    [{ ...MINIMAL, token: 'a\r\nX-Evil: 1' }, 'token: must not contain line breaks'],
    [{ ...MINIMAL, rtname: undefined }, "rtname: required: RT's $rtname"],
    [{ ...MINIMAL, url: 'ftp://rt.example.com' }, 'url: must be an http:// or https:// URL'],
    [
      { ...MINIMAL, url: 'https://root:pw@rt.example.com' },
      'url: must not contain a user or password: use token or username/password',
    ],
    [{ ...MINIMAL, url: 'https://rt.example.com/?x=1' }, 'url: must not have a query or fragment'],
    [
      { ...MINIMAL, messageIdField: 'CF.{x}' },
      'messageIdField: must not contain braces or control characters',
    ],
    [
      { ...MINIMAL, priorities: { high: 'High' } },
      'priorities.high: Invalid input: expected number, received string',
    ],
    [{ ...MINIMAL, priorities: { high: 1.5 } }, 'priorities.high: must be a whole number'],
    [{ ...MINIMAL, closedStatuses: [] }, 'closedStatuses: Too small: expected array to have >=1 items'],
    [{ ...MINIMAL, timeout: '10ms' }, 'timeout: must be at least 1s'],
    [{ ...MINIMAL, queue: 'General' }, ': Unrecognized key: "queue"'],
  ])('%j: %s', (input, issue) => {
    expect(issues(input)).toContain(issue);
  });

  test('a token read from tokenFile, or a password from passwordFile, counts as given', () => {
    expect(issues({ ...MINIMAL, token: undefined, tokenFile: '/run/secrets/token' })).toEqual([]);
    expect(
      issues({
        ...MINIMAL,
        token: undefined,
        username: 'u',
        passwordFile: '/run/secrets/pw',
        password: 'read',
      }),
    ).toEqual([]);
  });
});
