import { describe, expect, test } from 'vitest';
import { formatDuration, formatStatus } from '../../../src/cli/format-status.js';
import type { MailboxStatus, PopdeskStatus } from '../../../src/status/popdesk-status.js';

const AT = '2026-12-03T10:00:00.000Z';

function status(overrides: Partial<PopdeskStatus> = {}): PopdeskStatus {
  return {
    at: AT,
    mailboxes: [],
    queue: { waiting: 0, active: 0, delayed: 0, failed: 0, oldestWaitingAgeSeconds: null },
    deadLetters: { total: 0, byReason: {} },
    filtered: { total: 0, byReason: {} },
    helpdesk: { paused: false },
    ...overrides,
  };
}

function mailbox(overrides: Partial<MailboxStatus> = {}): MailboxStatus {
  return {
    id: 'support',
    lastPoll: null,
    lastOkAt: null,
    consecutiveFailures: 0,
    nextPollAt: null,
    signIn: { type: 'password' },
    ...overrides,
  };
}

describe('formatStatus', () => {
  test('an app-only mailbox: its credential, and a certificate past its expiry as EXPIRED', () => {
    const text = formatStatus(
      status({
        mailboxes: [
          mailbox({
            signIn: {
              type: 'oauth2-outlook-app',
              credential: 'certificate',
              certificateExpiresAt: '2026-12-01T10:00:00.000Z',
            },
          }),
          mailbox({
            id: 'shared',
            signIn: { type: 'oauth2-outlook-app', credential: 'secret', certificateExpiresAt: null },
          }),
        ],
      }),
    );
    expect(text).toContain(
      '  sign-in      app-only (certificate, expires 2026-12-01T10:00:00.000Z, EXPIRED 2d ago)',
    );
    expect(text).toContain('  sign-in      app-only (client secret; its expiry is set in Entra ID)');
  });

  test('a mailbox never polled, nothing queued, nothing kept, the helpdesk delivering', () => {
    expect(formatStatus(status({ mailboxes: [mailbox()] }))).toBe(
      [
        `popdesk status at ${AT}`,
        '',
        'mailbox support',
        '  last poll    never polled',
        '  failures     0 in a row',
        '  next poll    not scheduled (no popdesk start has run against this Redis)',
        '  sign-in      password',
        '',
        'queue          0 waiting, 0 active, 0 delayed, 0 failed',
        'dead letters   0',
        'filtered       0',
        'helpdesk       delivering',
      ].join('\n'),
    );
  });

  test('a poll that went through, the next one due, mail waiting and kept mail by reason', () => {
    const text = formatStatus(
      status({
        mailboxes: [
          mailbox({
            lastPoll: {
              startedAt: '2026-12-03T09:59:28.000Z',
              endedAt: '2026-12-03T09:59:30.000Z',
              result: 'ok',
              reason: null,
              fetched: 3,
              queued: 2,
              duplicates: 1,
              deadLettered: 0,
            },
            lastOkAt: '2026-12-03T09:59:30.000Z',
            nextPollAt: '2026-12-03T10:00:30.000Z',
          }),
        ],
        queue: { waiting: 2, active: 1, delayed: 0, failed: 0, oldestWaitingAgeSeconds: 200 },
        deadLetters: { total: 3, byReason: { 'helpdesk-rejected': 2, 'too-large': 1 } },
        filtered: { total: 1, byReason: { 'auto-reply': 1 } },
      }),
    );
    expect(text).toContain('  last poll    ok\n');
    expect(text).toContain(
      'ended 2026-12-03T09:59:30.000Z (30s ago, took 2.0s); 3 fetched, 2 new, 1 duplicate(s), 0 dead-lettered',
    );
    expect(text).toContain('  next poll    2026-12-03T10:00:30.000Z (in 30s)');
    expect(text).toContain(
      'queue          2 waiting, 1 active, 0 delayed, 0 failed; oldest waiting for 3m 20s',
    );
    expect(text).toContain('dead letters   3 (helpdesk-rejected 2, too-large 1)');
    expect(text).toContain('filtered       1 (auto-reply 1)');
    expect(text).not.toContain('last ok poll');
  });

  test('a failed poll shows why on one line, the run of failures and the last poll that went through', () => {
    const text = formatStatus(
      status({
        mailboxes: [
          mailbox({
            lastPoll: {
              startedAt: '2026-12-03T09:59:58.000Z',
              endedAt: '2026-12-03T09:59:59.000Z',
              result: 'failed',
              reason: '-ERR [AUTH] Authentication failed.\r\nmailbox support  last poll ok\x1b[2J',
              fetched: 0,
              queued: 0,
              duplicates: 0,
              deadLettered: 0,
            },
            lastOkAt: '2026-12-02T10:00:00.000Z',
            consecutiveFailures: 4,
            nextPollAt: '2026-12-03T09:59:00.000Z',
          }),
        ],
      }),
    );
    const failed = text.split('\n').find((line) => line.includes('FAILED'));
    expect(failed).toBe(
      '  last poll    FAILED: -ERR [AUTH] Authentication failed. mailbox support  last poll ok',
    );
    expect(text).toContain('  last ok poll 2026-12-02T10:00:00.000Z (1d ago)');
    expect(text).toContain('  failures     4 in a row');
    expect(text).toContain('(overdue by 1m: is a poller running?)');
  });

  test('OAuth2 sign-in: needed (with the command), or signed in with the refresh token expiry', () => {
    const needed = formatStatus(
      status({
        mailboxes: [
          mailbox({
            signIn: {
              type: 'oauth2-outlook',
              state: 'sign-in-needed',
              fix: 'popdesk auth outlook --mailbox support --config popdesk.yaml',
            },
          }),
        ],
      }),
    );
    expect(needed).toContain(
      '  sign-in      sign-in needed: run popdesk auth outlook --mailbox support --config popdesk.yaml',
    );
    const signedIn = formatStatus(
      status({
        mailboxes: [
          mailbox({
            signIn: {
              type: 'oauth2-outlook',
              state: 'signed-in',
              accessTokenExpiresAt: '2026-12-03T11:00:00.000Z',
              refreshTokenExpiresAt: '2027-03-03T10:00:00.000Z',
            },
          }),
        ],
      }),
    );
    expect(signedIn).toContain(
      'signed in (oauth2-outlook): refresh token expires 2027-03-03T10:00:00.000Z (in 90d); access token expires 2026-12-03T11:00:00.000Z',
    );
  });

  test('a paused helpdesk says since when, why, and when the next probe goes', () => {
    const text = formatStatus(
      status({
        helpdesk: {
          paused: true,
          why: "the helpdesk (webhook) refuses popdesk's credentials",
          pausedSince: '2026-12-03T09:00:00.000Z',
          nextProbeAt: '2026-12-03T10:01:00.000Z',
        },
      }),
    );
    expect(text).toContain(
      "helpdesk       PAUSED since 2026-12-03T09:00:00.000Z: the helpdesk (webhook) refuses popdesk's credentials; next probe at 2026-12-03T10:01:00.000Z",
    );
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [0.4, '0s'],
    [45, '45s'],
    [200, '3m 20s'],
    [3600, '1h'],
    [7500, '2h 5m'],
    [273_600, '3d 4h'],
    [-5, '0s'],
  ])('%s seconds: %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
