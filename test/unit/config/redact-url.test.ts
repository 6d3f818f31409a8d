import { describe, expect, test } from 'vitest';
import { REDACTED } from '../../../src/config/index.js';
import { redactUrl } from '../../../src/config/redact-url.js';

const R = REDACTED;

describe('redactUrl', () => {
  test.each([
    [
      'a userinfo password',
      'redis://popdesk:s3cret@redis.internal:6379/0',
      `redis://popdesk:${R}@redis.internal:6379/0`,
    ],
    ['a password with an @ in it', 'redis://:p@ss@redis:6379', `redis://:${R}@redis:6379`],
    [
      'a userinfo that is a token',
      'https://ghp_token123@api.example.com/x',
      `https://${R}@api.example.com/x`,
    ],
    [
      'query values, names kept',
      'https://h.example/t?code=abc&team=x',
      `https://h.example/t?code=${R}&team=${R}`,
    ],
    ['a bare query item', 'https://h.example/hook?abcdef123', `https://h.example/hook?${R}`],
    ['an empty value and a trailing &', 'https://h.example/?a=&b=1&', `https://h.example/?a=${R}&b=${R}&`],
    [
      'fragment values',
      'https://h.example/cb#access_token=t0k&x=1',
      `https://h.example/cb#access_token=${R}&x=${R}`,
    ],
    ['all of them at once', 'https://u:p@h.example/p?k=v#f=g', `https://u:${R}@h.example/p?k=${R}#f=${R}`],
  ])('hides %s', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  test.each([
    'redis://127.0.0.1:6379',
    'https://helpdesk.example.com/api/tickets.json',
    'https://example.com/path/user@example.com',
    'user@example.com',
    'not a url ?code=1',
    '/var/lib/popdesk/cache.json',
  ])('keeps %s as it is', (text) => {
    expect(redactUrl(text)).toBe(text);
  });
});
