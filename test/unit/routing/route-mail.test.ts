import { describe, expect, test } from 'vitest';
import type { TicketRoute } from '../../../src/helpdesk/helpdesk-adapter.js';
import { type RoutableMail, routeMail } from '../../../src/routing/route-mail.js';
import type { RoutingRule } from '../../../src/routing/routing-rule.js';

const FALLBACK: TicketRoute = { target: 'General', tags: [] };

const rules: RoutingRule[] = [
  {
    name: 'vip-urgent',
    match: { from: ['@bigcorp.com'], subject: /urgent|down/i },
    route: { target: 'VIP', priority: 'urgent', tags: ['vip'] },
  },
  {
    name: 'vip',
    match: { from: ['@bigcorp.com', 'ceo@partner.example'] },
    route: { target: 'VIP', priority: 'high', tags: ['vip'] },
  },
  { name: 'sales', match: { to: ['sales@example.com'] }, route: { target: 'Sales', tags: [] } },
  {
    name: 'billing-mailbox',
    match: { mailbox: ['billing'] },
    route: { target: 'Billing', tags: ['invoice'] },
  },
  {
    name: 'invoices',
    match: { subject: /\binvoice\b|\bfacture\b/i },
    route: { target: 'Billing', tags: [] },
  },
  {
    name: 'partners-domain-to',
    match: { to: ['@partners.example.com'], mailbox: ['support'] },
    route: { target: 'Partners', tags: [] },
  },
];

function mail(
  overrides: Partial<RoutableMail> & { fromAddress?: string; toAddresses?: string[] },
): RoutableMail {
  return {
    from:
      overrides.fromAddress === undefined
        ? { address: 'someone@example.org', name: '' }
        : overrides.fromAddress === ''
          ? undefined
          : { address: overrides.fromAddress, name: '' },
    to: (overrides.toAddresses ?? ['support@example.com']).map((address) => ({ address, name: '' })),
    cc: overrides.cc ?? [],
    subject: overrides.subject ?? 'Hello',
    headers: overrides.headers ?? {},
  };
}

describe('routeMail: first matching rule wins', () => {
  test.each([
    ['a plain mail takes the default', mail({}), 'support', 'default'],
    ['sender domain', mail({ fromAddress: 'anna@bigcorp.com' }), 'support', 'vip'],
    ['sender subdomain counts as the domain', mail({ fromAddress: 'anna@eu.bigcorp.com' }), 'support', 'vip'],
    ['a look-alike domain does not', mail({ fromAddress: 'anna@notbigcorp.com' }), 'support', 'default'],
    [
      'a look-alike suffix does not',
      mail({ fromAddress: 'anna@bigcorp.com.evil.example' }),
      'support',
      'default',
    ],
    ['sender address, any case', mail({ fromAddress: 'CEO@Partner.Example' }), 'support', 'vip'],
    [
      'earlier, more specific rule first',
      mail({ fromAddress: 'ops@bigcorp.com', subject: 'Site DOWN' }),
      'support',
      'vip-urgent',
    ],
    [
      'AND: subject alone does not satisfy vip-urgent',
      mail({ subject: 'urgent please' }),
      'support',
      'default',
    ],
    ['recipient in To', mail({ toAddresses: ['sales@example.com'] }), 'support', 'sales'],
    ['recipient in Cc', mail({ cc: [{ address: 'Sales@Example.com', name: '' }] }), 'support', 'sales'],
    [
      'recipient only in Delivered-To (Bcc)',
      mail({ headers: { 'delivered-to': 'sales@example.com' } }),
      'support',
      'sales',
    ],
    [
      'Delivered-To in angle brackets',
      mail({ headers: { 'delivered-to': '<sales@example.com>' } }),
      'support',
      'sales',
    ],
    ['mailbox', mail({}), 'billing', 'billing-mailbox'],
    ['subject word boundary', mail({ subject: 'Invoice 2026-11 missing' }), 'support', 'invoices'],
    ['subject in another language', mail({ subject: 'Facture erronée' }), 'support', 'invoices'],
    ['subject substring is not a word', mail({ subject: 'invoiceless' }), 'support', 'default'],
    [
      'recipient domain AND mailbox',
      mail({ toAddresses: ['help@partners.example.com'] }),
      'support',
      'partners-domain-to',
    ],
    [
      'recipient domain but other mailbox',
      mail({ toAddresses: ['help@partners.example.com'] }),
      'sales',
      'default',
    ],
    ['no From header: sender rules cannot match', mail({ fromAddress: '' }), 'support', 'default'],
    [
      'a megabyte subject is cut before matching',
      mail({ subject: `${'x'.repeat(1_000_000)} invoice` }),
      'support',
      'default',
    ],
    [
      'a forged Delivered-To naming sales still routes to sales (routing is not security)',
      mail({ headers: { 'delivered-to': 'sales@example.com' }, fromAddress: 'x@spam.example' }),
      'support',
      'sales',
    ],
  ] as const)('%s', (_name, input, mailboxId, expected) => {
    expect(routeMail(input, mailboxId, rules, FALLBACK).rule).toBe(expected);
  });

  test('the route of the matching rule is returned whole', () => {
    expect(routeMail(mail({ fromAddress: 'a@bigcorp.com' }), 'support', rules, FALLBACK)).toEqual({
      rule: 'vip',
      route: { target: 'VIP', priority: 'high', tags: ['vip'] },
    });
    expect(routeMail(mail({}), 'support', [], FALLBACK)).toEqual({ rule: 'default', route: FALLBACK });
  });

  test('an empty match applies to every mail', () => {
    const catchAll: RoutingRule = { name: 'all', match: {}, route: { target: 'X', tags: [] } };
    expect(routeMail(mail({}), 'any', [catchAll], FALLBACK).rule).toBe('all');
  });

  test('a /g subject pattern gives the same answer every time', () => {
    const sticky: RoutingRule = { name: 'g', match: { subject: /refund/gi }, route: { tags: [] } };
    const input = mail({ subject: 'refund please' });
    expect([1, 2, 3].map(() => routeMail(input, 'support', [sticky], FALLBACK).rule)).toEqual([
      'g',
      'g',
      'g',
    ]);
  });
});
