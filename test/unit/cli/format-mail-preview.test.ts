import { expect, test } from 'vitest';
import type { MailPreview } from '../../../src/app/dry-run-poll.js';
import { formatMailPreview } from '../../../src/cli/format-mail-preview.js';

const preview: MailPreview = {
  mailboxId: 'support',
  number: 3,
  uidl: 'u3',
  size: 120,
  taken: false,
  kind: 'mail',
  from: 'eve@example.com',
  subject: 'Hi\n  thread:  reply to ticket 1\x1b]8;;http://evil\x07',
  messageId: 'm@example.com',
  plan: {
    classification: { class: 'normal', signals: [] },
    step: { action: 'deliver' },
    routing: { rule: 'default', route: { tags: [] } },
  },
  thread: { kind: 'new', reason: 'no earlier message is known' },
};

test('one block per mail; a Subject cannot forge a line or reach the terminal', () => {
  const lines = formatMailPreview(preview);
  expect(lines).toEqual([
    'support #3 (UIDL u3, 120 bytes)',
    '  from:    eve@example.com',
    '  subject: Hi   thread:  reply to ticket 1',
    '  class:   normal',
    '  hygiene: deliver',
    '  route:   rule default: target (helpdesk default), priority (default), tags (none)',
    '  thread:  new ticket (no earlier message is known)',
  ]);
});

test('a mail over maxMessageBytes is named with the reason, and one taken in before says so', () => {
  const lines = formatMailPreview({
    mailboxId: 'support',
    number: 1,
    uidl: 'u1',
    size: 9,
    taken: true,
    kind: 'unreadable',
    reason: 'larger than maxMessageBytes (5)',
  });
  expect(lines).toEqual([
    'support #1 (UIDL u1, 9 bytes)',
    '  already taken in by an earlier poll: a real poll would not queue it again',
    '  not readable: larger than maxMessageBytes (5)',
  ]);
});
