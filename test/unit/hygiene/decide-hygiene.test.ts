import { describe, expect, test } from 'vitest';
import {
  decideHygiene,
  decideNote,
  type HygieneFacts,
  type HygienePolicy,
  type NoteTarget,
  rateLimitFilter,
} from '../../../src/hygiene/decide-hygiene.js';
import type { MailClass } from '../../../src/hygiene/mail-classification.js';

/** The shipped defaults of config `hygiene`. */
const defaults: HygienePolicy = { autoReplies: 'filter', bounces: 'note', spam: 'filter', bulk: 'filter' };
const noting: HygienePolicy = { autoReplies: 'note', bounces: 'note', spam: 'deliver', bulk: 'deliver' };
const facts: HygieneFacts = { requeued: false, adapterNotes: true, adapterName: 'rt' };

function step(mailClass: MailClass, policy: HygienePolicy, changes: Partial<HygieneFacts> = {}) {
  return decideHygiene({ class: mailClass, signals: [] }, policy, { ...facts, ...changes });
}

describe('decideHygiene', () => {
  test.each<[string, MailClass, HygienePolicy, Partial<HygieneFacts>, unknown]>([
    ['normal mail is delivered', 'normal', defaults, {}, { action: 'deliver' }],
    ['a loop is always filtered', 'loop', noting, {}, { action: 'filter', reason: 'loop' }],
    ['spam is filtered by default', 'spam', defaults, {}, { action: 'filter', reason: 'spam' }],
    ['spam is delivered under spam: deliver', 'spam', noting, {}, { action: 'deliver' }],
    ['bulk is filtered by default', 'bulk', defaults, {}, { action: 'filter', reason: 'bulk' }],
    ['bulk is delivered under bulk: deliver', 'bulk', noting, {}, { action: 'deliver' }],
    [
      'an auto-reply is filtered by default',
      'auto-reply',
      defaults,
      {},
      { action: 'filter', reason: 'auto-reply' },
    ],
    [
      'an auto-reply looks for its ticket under autoReplies: note',
      'auto-reply',
      noting,
      {},
      { action: 'note', kind: 'auto-reply' },
    ],
    ['a bounce looks for its ticket by default', 'bounce', defaults, {}, { action: 'note', kind: 'bounce' }],
    [
      'a bounce is filtered under bounces: filter',
      'bounce',
      { ...defaults, bounces: 'filter' },
      {},
      { action: 'filter', reason: 'bounce' },
    ],
    [
      'a bounce is filtered when the adapter has no notes',
      'bounce',
      defaults,
      { adapterNotes: false },
      { action: 'filter', reason: 'bounce' },
    ],
    [
      'an auto-reply is filtered when the adapter has no notes',
      'auto-reply',
      noting,
      { adapterNotes: false },
      { action: 'filter', reason: 'auto-reply' },
    ],
    ['a requeued loop is delivered', 'loop', defaults, { requeued: true }, { action: 'deliver' }],
    ['a requeued auto-reply is delivered', 'auto-reply', defaults, { requeued: true }, { action: 'deliver' }],
    ['requeued spam is delivered', 'spam', defaults, { requeued: true }, { action: 'deliver' }],
  ])('%s', (_name, mailClass, policy, changes, expected) => {
    expect(step(mailClass, policy, changes)).toMatchObject(expected as object);
  });

  test('a filtered mail says which setting filtered it', () => {
    expect(step('auto-reply', defaults)).toEqual({
      action: 'filter',
      reason: 'auto-reply',
      detail: 'an auto-reply; hygiene.autoReplies is filter',
    });
    expect(step('bounce', defaults, { adapterNotes: false, adapterName: 'webhook' })).toEqual({
      action: 'filter',
      reason: 'bounce',
      detail: 'a bounce; the webhook adapter cannot add internal notes',
    });
    expect(step('spam', defaults)).toMatchObject({ detail: 'marked as spam (hygiene.spam: filter)' });
  });
});

describe('decideNote', () => {
  test.each<[string, 'auto-reply' | 'bounce', NoteTarget, unknown]>([
    [
      'an auto-reply to an open ticket is a note there',
      'auto-reply',
      { kind: 'open', ticketId: '7' },
      { action: 'note', ticketId: '7' },
    ],
    [
      'a bounce of an open ticket is a note there',
      'bounce',
      { kind: 'open', ticketId: '8' },
      { action: 'note', ticketId: '8' },
    ],
    [
      'an auto-reply to a closed ticket does not reopen it',
      'auto-reply',
      { kind: 'closed', ticketId: '7' },
      {
        action: 'filter',
        reason: 'auto-reply',
        detail: 'an auto-reply to ticket 7, which is closed: it is not reopened',
      },
    ],
    [
      'a bounce of a closed ticket is filtered',
      'bounce',
      { kind: 'closed', ticketId: '8' },
      {
        action: 'filter',
        reason: 'bounce',
        detail: 'a bounce to ticket 8, which is closed: it is not reopened',
      },
    ],
    [
      'an auto-reply to a deleted ticket is filtered',
      'auto-reply',
      { kind: 'missing', ticketId: '9' },
      { action: 'filter', reason: 'auto-reply', detail: 'an auto-reply to ticket 9, which no longer exists' },
    ],
    [
      'an auto-reply to no ticket never opens one',
      'auto-reply',
      { kind: 'none' },
      {
        action: 'filter',
        reason: 'auto-reply',
        detail: 'an auto-reply to no known ticket: auto-replies never open tickets',
      },
    ],
    [
      'a bounce naming no known ticket is filtered',
      'bounce',
      { kind: 'none' },
      {
        action: 'filter',
        reason: 'bounce',
        detail: 'a bounce whose returned mail belongs to no ticket popdesk or the helpdesk knows',
      },
    ],
    [
      'a bounce without returned headers is filtered, saying so',
      'bounce',
      { kind: 'none', reportMissing: true },
      {
        action: 'filter',
        reason: 'bounce',
        detail: 'a bounce without the returned headers of the mail it reports: no ticket to note it on',
      },
    ],
  ])('%s', (_name, kind, target, expected) => {
    expect(decideNote(kind, target)).toEqual(expected);
  });
});

describe('rateLimitFilter', () => {
  test.each([
    [
      { by: 'address' as const, sender: 'ana@example.com', limit: 20, windowMs: 3_600_000 },
      'more than 20 new tickets from ana@example.com within 1h (hygiene.rateLimit.perSender)',
    ],
    [
      { by: 'domain' as const, sender: 'example.com', limit: 50, windowMs: 90 * 60_000 },
      'more than 50 new tickets from the domain example.com within 90m (hygiene.rateLimit.perDomain)',
    ],
  ])('names the sender, the limit and the setting: %s', (hold, detail) => {
    expect(rateLimitFilter(hold)).toEqual({ action: 'filter', reason: 'rate-limit', detail });
  });
});
