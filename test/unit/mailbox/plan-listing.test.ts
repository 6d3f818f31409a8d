import { expect, test } from 'vitest';
import { type ListedMessage, type PlanSettings, planListing } from '../../../src/mailbox/plan-listing.js';
import type { KnownMail } from '../../../src/queue/mail-intake.js';

const settings: PlanSettings = { maxMessageBytes: 1000, oversize: 'keep', mode: 'delete' };
const message = (number: number, uidl: string, size = 100): ListedMessage => ({ number, uidl, size });
const queued = (size?: number): KnownMail => ({
  kind: 'queued',
  ref: 'mref',
  ...(size !== undefined ? { size } : {}),
});
const kinds = (steps: ReturnType<typeof planListing>) =>
  steps.map((step) => `${step.kind}:${step.message.number}`);

test('new mail is fetched; mail over the ceiling by LIST takes the TOP path', () => {
  expect(kinds(planListing([message(1, 'a'), message(2, 'b', 5000)], new Map(), settings))).toEqual([
    'fetch:1',
    'too-large:2',
  ]);
});

test('a queued UIDL with the recorded size is confirmed before DELE; another size means another mail', () => {
  const known = new Map([
    ['a', queued(100)],
    ['b', queued(999)],
  ]);
  expect(kinds(planListing([message(1, 'a'), message(2, 'b')], known, settings))).toEqual([
    'confirm-queued:1',
    'fetch:2',
  ]);
});

test('keep mode skips a queued UIDL with its recorded size without a round trip', () => {
  const known = new Map([['a', queued(100)]]);
  expect(planListing([message(1, 'a')], known, { ...settings, mode: 'keep' })).toEqual([]);
});

test('a UIDL listed twice is never trusted: both messages are fetched', () => {
  const known = new Map([['a', queued(100)]]);
  expect(kinds(planListing([message(1, 'a'), message(2, 'a')], known, settings))).toEqual([
    'fetch:1',
    'fetch:2',
  ]);
});

test('a mail dead-lettered as too large is left alone, or deleted with oversize: delete', () => {
  const known = new Map<string, KnownMail>([['a', { kind: 'too-large', size: 5000 }]]);
  const listed = [message(1, 'a', 5000)];
  expect(planListing(listed, known, settings)).toEqual([]);
  expect(kinds(planListing(listed, known, { ...settings, oversize: 'delete' }))).toEqual([
    'delete-too-large:1',
  ]);
  expect(planListing(listed, known, { ...settings, oversize: 'delete', mode: 'keep' })).toEqual([]);
});

test('records written before sizes were kept are taken at their word', () => {
  const known = new Map([['a', queued()]]);
  expect(kinds(planListing([message(1, 'a', 123)], known, settings))).toEqual(['confirm-queued:1']);
});

test('a mail dead-lettered as unfetchable is left alone, even with oversize: delete; a refused one is tried again', () => {
  const listed = [message(1, 'a'), message(2, 'b')];
  const known = new Map<string, KnownMail>([
    ['a', { kind: 'unfetchable', size: 100 }],
    ['b', { kind: 'refused', size: 100, refusals: 2 }],
  ]);
  expect(kinds(planListing(listed, known, { ...settings, oversize: 'delete' }))).toEqual(['fetch:2']);
});
