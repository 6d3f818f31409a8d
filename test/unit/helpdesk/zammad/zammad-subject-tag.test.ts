import { expect, test } from 'vitest';
import {
  DEFAULT_ZAMMAD_TICKET_HOOK,
  ticketNumbersInSubject,
} from '../../../../src/helpdesk/zammad/zammad-subject-tag.js';

test.each([
  { subject: '[Ticket#31001] Kettle', numbers: ['31001'] },
  { subject: 'Re: AW: [Ticket#31001] Kettle', numbers: ['31001'] },
  { subject: 'Kettle [Ticket#31001]', numbers: ['31001'] },
  { subject: 'Re: ticket#31001 lower case', numbers: ['31001'] },
  { subject: 'Ticket# 31001 with a space', numbers: ['31001'] },
  { subject: '[Ticket#20260315100042] date numbers', numbers: ['20260315100042'] },
  { subject: '[Ticket#31001] and [Ticket#31002] and again [Ticket#31001]', numbers: ['31001', '31002'] },
  { subject: 'no tag at all', numbers: [] },
  { subject: '[Ticket#1] one digit is not a number', numbers: [] },
  { subject: 'MyTicket#31001 glued to a word', numbers: [] },
  { subject: '[Ticket#31001x] letters after the digits', numbers: [] },
  { subject: 'Re: [Ticket #4821] another system puts a space inside', numbers: [] },
])('default hook: "$subject"', ({ subject, numbers }) => {
  expect(ticketNumbersInSubject(subject, DEFAULT_ZAMMAD_TICKET_HOOK)).toEqual(numbers);
});

test.each([
  { hook: { hook: 'SR#', divider: '' }, subject: 'Re: [SR#123] x', numbers: ['123'] },
  { hook: { hook: 'Ticket#', divider: ': ' }, subject: '[Ticket#: 31001] x', numbers: ['31001'] },
  { hook: { hook: 'Ticket#', divider: ': ' }, subject: '[Ticket#31001] x', numbers: ['31001'] },
  {
    hook: { hook: 'T.(1)', divider: '' },
    subject: '[T.(1)55] regex characters are literal',
    numbers: ['55'],
  },
  { hook: { hook: 'T.(1)', divider: '' }, subject: '[TX(1)55] not a match', numbers: [] },
  { hook: { hook: '', divider: '' }, subject: '[55] no hook reads nothing', numbers: [] },
])('hook $hook.hook, divider "$hook.divider": "$subject"', ({ hook, subject, numbers }) => {
  expect(ticketNumbersInSubject(subject, hook)).toEqual(numbers);
});
