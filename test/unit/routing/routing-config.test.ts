import { expect, test } from 'vitest';
import { ConfigError, parseConfigObject } from '../../../src/config/index.js';

const base = {
  mailboxes: [{ id: 'support', host: 'pop.example.com', username: 'u@example.com', password: 'pw' }],
  helpdesk: { type: 'webhook', url: 'http://127.0.0.1:1/t', secret: '0123456789abcdef' },
};

test('rules are named, lists accept one value, subjects compile case-insensitively', () => {
  const config = parseConfigObject({
    ...base,
    routing: {
      rules: [
        {
          match: { from: '@bigcorp.com', subject: 'urgent' },
          route: { target: 'VIP', priority: 'high', tags: ['vip'] },
        },
      ],
      default: { target: 'General' },
    },
  });
  const [rule] = config.routing.rules;
  expect(rule?.name).toBe('rule-1');
  expect(rule?.match.from).toEqual(['@bigcorp.com']);
  expect(rule?.match.subject?.test('URGENT: down')).toBe(true);
  expect(config.routing.default).toEqual({ target: 'General', tags: [] });
  expect(config.threading).toEqual({
    trust: 'participants',
    closedTickets: 'reopen',
    stripQuotes: true,
  });
});

test.each([
  [{ rules: [{ match: { subject: '(unclosed' }, route: {} }] }, 'routing.rules[0].match.subject'],
  [{ rules: [{ match: { from: 'not-an-address' }, route: {} }] }, 'routing.rules[0].match.from'],
  [{ rules: [{ match: {}, route: { priority: 'asap' } }] }, 'routing.rules[0].route.priority'],
  [{ rules: [{ match: { form: '@x.com' }, route: {} }] }, 'routing.rules[0].match'],
  [{ rules: [{ match: {} }] }, 'routing.rules[0].route'],
])('a bad rule stops start-up naming the key (%#)', (routing, key) => {
  let caught: unknown;
  try {
    parseConfigObject({ ...base, routing });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect((caught as Error).message).toContain(key);
});

test('threading.stripQuotes is on by default, can be turned off, and takes only a boolean', () => {
  expect(parseConfigObject(base).threading.stripQuotes).toBe(true);
  expect(parseConfigObject({ ...base, threading: { stripQuotes: false } }).threading.stripQuotes).toBe(false);
  let caught: unknown;
  try {
    parseConfigObject({ ...base, threading: { stripQuotes: 'yes' } });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect((caught as Error).message).toContain('threading.stripQuotes');
  expect((caught as Error).message).toContain('must be true or false');
});
