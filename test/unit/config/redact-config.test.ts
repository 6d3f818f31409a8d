import { describe, expect, test } from 'vitest';
import { REDACTED, redactConfig } from '../../../src/config/index.js';
import { parse } from './config-fixtures.js';

const YAML = `
redis:
  url: redis://popdesk:redis-pass-1@redis.internal:6379/0
mailboxes:
  - id: support
    host: pop.example.com
    username: support@example.com
    passwordFile: /run/secrets/support
  - id: sales
    provider: outlook
    username: sales@example.com
    auth:
      clientId: 11111111-2222-3333-4444-555555555555
      tokenCache: { type: file, path: /var/lib/popdesk/sales.json }
    caFile: /etc/popdesk/ca.pem
helpdesk:
  type: webhook
  url: https://hook:url-pass-2@helpdesk.example.com/tickets?code=query-code-6&team=support
  secret: hmac-secret-3-0123456789
  headers:
    Authorization: Bearer header-token-4
    X-Api-Key: api-key-5
    X-Custom-Auth: custom-header-7
    X-Team: support
`;

const PEM = `-----BEGIN CERTIFICATE-----
MIIBpem-body-8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
-----END CERTIFICATE-----
`;

const SECRETS = [
  'redis-pass-1',
  'mailbox-pass-0',
  'url-pass-2',
  'hmac-secret-3',
  'header-token-4',
  'api-key-5',
  'query-code-6',
  'custom-header-7',
  'pem-body-8',
];

describe('redactConfig', () => {
  const config = parse(YAML, {
    files: { '/run/secrets/support': 'mailbox-pass-0\n', '/etc/popdesk/ca.pem': PEM },
  });
  const redacted = redactConfig(config);

  test('hides every secret', () => {
    const text = JSON.stringify(redacted);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  test('replaces secret values, header values and URL credentials, drops the CA, keeps the rest', () => {
    expect(redacted).toMatchObject({
      redis: { target: { url: `redis://popdesk:${REDACTED}@redis.internal:6379/0` }, prefix: 'popdesk' },
      mailboxes: [
        {
          id: 'support',
          username: 'support@example.com',
          password: REDACTED,
          passwordFile: '/run/secrets/support',
        },
        {
          id: 'sales',
          caFile: '/etc/popdesk/ca.pem',
          auth: {
            clientId: '11111111-2222-3333-4444-555555555555',
            tokenCache: { type: 'file', path: '/var/lib/popdesk/sales.json' },
          },
        },
      ],
      helpdesk: {
        url: `https://hook:${REDACTED}@helpdesk.example.com/tickets?code=${REDACTED}&team=${REDACTED}`,
        secret: REDACTED,
        headers: {
          Authorization: REDACTED,
          'X-Api-Key': REDACTED,
          'X-Custom-Auth': REDACTED,
          'X-Team': REDACTED,
        },
      },
      worker: { concurrency: 4 },
    });
  });

  test('leaves out the CA certificate text, and PEM text under any key', () => {
    const [, sales] = (redacted as { mailboxes: unknown[] }).mailboxes;
    expect(sales).not.toHaveProperty('ca');
    expect(redactConfig({ note: PEM })).toEqual({ note: REDACTED });
  });

  test('leaves the config itself unchanged', () => {
    expect(config.helpdesk).toHaveProperty('secret', 'hmac-secret-3-0123456789');
    expect(config.mailboxes[0]?.password).toBe('mailbox-pass-0');
  });

  test.each([
    [{ accessToken: 'a', refresh_token: 'b', clientSecret: 'c', apiKey: 'd', pin: 1 }],
    [{ nested: [{ password: 'e' }, { Cookie: 'f' }] }],
  ])('hides secret-named keys at any depth: %j', (value) => {
    expect(JSON.stringify(redactConfig(value))).not.toMatch(/"[a-f]"/);
  });

  test('keeps a URL without a password as it is', () => {
    expect(redactConfig({ url: 'redis://127.0.0.1:6379', other: 'user@example.com' })).toEqual({
      url: 'redis://127.0.0.1:6379',
      other: 'user@example.com',
    });
  });
});
