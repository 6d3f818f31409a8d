import { describe, expect, test } from 'vitest';
import { formatConfigIssue } from '../../../src/config/index.js';
import { configErrorOf, parse, yamlWith } from './config-fixtures.js';

const TWO_MAILBOXES = yamlWith({
  'mailboxes.1': {
    id: 'sales-eu',
    host: 'pop.example.eu',
    username: 'sales@example.eu',
    password: 'yaml-pw',
  },
});

describe('environment variables override the file', () => {
  test('top-level keys, with numbers and booleans coerced', () => {
    const config = parse(yamlWith({ 'worker.concurrency': 2, 'log.level': 'info' }), {
      env: {
        POPDESK_REDIS_URL: 'redis://redis.internal:6379',
        POPDESK_REDIS_PREFIX: 'desk',
        POPDESK_WORKER_CONCURRENCY: '12',
        POPDESK_WORKER_BACKOFF_INITIAL: '2s',
        POPDESK_WORKER_MAX_RETRY_AFTER: '15m',
        POPDESK_LOG_LEVEL: 'trace',
        POPDESK_HELPDESK_SECRET: 'env-secret-0123456789',
        POPDESK_HELPDESK_HEADERS: '{"X-Team": "support"}',
        POPDESK_DEDUPE_RETENTION_DAYS: ' 7 ',
        POPDESK_SHUTDOWN_GRACE_TIMEOUT: '5s',
      },
    });
    expect(config.redis).toMatchObject({
      target: { kind: 'url', url: 'redis://redis.internal:6379' },
      prefix: 'desk',
    });
    expect(config.worker).toMatchObject({ concurrency: 12, backoff: { initial: 2000, max: 3_600_000 } });
    expect(config.worker.maxRetryAfter).toBe(900_000);
    expect(config.log.level).toBe('trace');
    expect(config.helpdesk).toMatchObject({
      secret: 'env-secret-0123456789',
      headers: { 'X-Team': 'support' },
    });
    expect(config.dedupe.retentionDays).toBe(7);
    expect(config.shutdown.graceTimeout).toBe(5000);
  });

  test('per-mailbox keys, addressed by the upper-cased id with - as _', () => {
    const config = parse(TWO_MAILBOXES, {
      env: {
        POPDESK_MAILBOXES_SUPPORT_PORT: '1995',
        POPDESK_MAILBOXES_SUPPORT_VERIFY_CERTIFICATE: 'false',
        POPDESK_MAILBOXES_SALES_EU_PASSWORD: 'env-pw',
        POPDESK_MAILBOXES_SALES_EU_POLL_INTERVAL: '5m',
        POPDESK_MAILBOXES_SALES_EU_MAX_MESSAGE_BYTES: '1048576',
      },
    });
    expect(config.mailboxes[0]).toMatchObject({ id: 'support', port: 1995, verifyCertificate: false });
    expect(config.mailboxes[1]).toMatchObject({
      id: 'sales-eu',
      password: 'env-pw',
      pollInterval: 300_000,
      maxMessageBytes: 1_048_576,
    });
  });

  test('nested mailbox keys create what the file does not have', () => {
    const config = parse(yamlWith({ 'mailboxes.0.password': undefined }), {
      env: {
        POPDESK_MAILBOXES_SUPPORT_AUTH_TYPE: 'oauth2-outlook',
        POPDESK_MAILBOXES_SUPPORT_AUTH_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
        POPDESK_MAILBOXES_SUPPORT_AUTH_TOKEN_CACHE_TYPE: 'file',
        POPDESK_MAILBOXES_SUPPORT_AUTH_TOKEN_CACHE_PATH: '/var/lib/popdesk/token.json',
      },
    });
    expect(config.mailboxes[0]?.auth).toEqual({
      type: 'oauth2-outlook',
      clientId: '11111111-2222-3333-4444-555555555555',
      tenant: 'consumers',
      tokenCache: { type: 'file', path: '/var/lib/popdesk/token.json' },
    });
  });

  test('NAME_FILE reads the value through readFile, trailing newline trimmed', () => {
    const config = parse(yamlWith(), {
      env: {
        POPDESK_HELPDESK_SECRET_FILE: '/run/secrets/hd',
        POPDESK_MAILBOXES_SUPPORT_PASSWORD_FILE: '/run/secrets/pw',
        POPDESK_REDIS_URL_FILE: '/run/secrets/redis',
        POPDESK_WORKER_CONCURRENCY_FILE: '/etc/popdesk/concurrency',
      },
      files: {
        '/run/secrets/hd': 'file-secret-0123456789\n',
        '/run/secrets/pw': 'file-pw\r\n',
        '/run/secrets/redis': 'rediss://:pw@redis.internal:6380\n',
        '/etc/popdesk/concurrency': '9\n',
      },
    });
    expect(config.helpdesk).toHaveProperty('secret', 'file-secret-0123456789');
    expect(config.mailboxes[0]?.password).toBe('file-pw');
    expect(config.redis.target).toEqual({ kind: 'url', url: 'rediss://:pw@redis.internal:6380' });
    expect(config.worker.concurrency).toBe(9);
  });

  test('a variable replaces the file value in either of its forms', () => {
    const yaml = yamlWith({ 'helpdesk.secret': undefined, 'helpdesk.secretFile': '/run/secrets/yaml' });
    const config = parse(yaml, { env: { POPDESK_HELPDESK_SECRET: 'env-secret-0123456789' } });
    expect(config.helpdesk).toHaveProperty('secret', 'env-secret-0123456789');
    expect(config.helpdesk).not.toHaveProperty('secretFile');

    const fromFile = parse(yamlWith(), {
      env: { POPDESK_MAILBOXES_SUPPORT_PASSWORD_FILE: '/pw' },
      files: { '/pw': 'from-file' },
    });
    expect(fromFile.mailboxes[0]).toMatchObject({ password: 'from-file', passwordFile: '/pw' });
  });

  test('POPDESK_CONFIG is not a setting and is ignored here; other variables are untouched', () => {
    expect(() =>
      parse(yamlWith(), { env: { POPDESK_CONFIG: '/etc/popdesk.yaml', HOME: '/root', popdesk_x: '1' } }),
    ).not.toThrow();
  });
});

/** Each mistake in the environment, alone, gives exactly this one line. */
const ENV_MISTAKES: readonly { name: string; env: Record<string, string>; line: string }[] = [
  {
    name: 'a misspelt variable',
    env: { POPDESK_WORKER_CONCURENCY: '8' },
    line: 'POPDESK_WORKER_CONCURENCY: is not a popdesk setting (did you mean POPDESK_WORKER_CONCURRENCY?)',
  },
  {
    name: 'a mailbox key for a mailbox id that is misspelt',
    env: { POPDESK_MAILBOXES_SUPORT_PASSWORD: 'x' },
    line: 'POPDESK_MAILBOXES_SUPORT_PASSWORD: is not a popdesk setting (did you mean POPDESK_MAILBOXES_SUPPORT_PASSWORD?)',
  },
  {
    name: 'a mailbox key for a mailbox the file does not have',
    env: { POPDESK_MAILBOXES_BILLING_DEPARTMENT_PASSWORD: 'x' },
    line: 'POPDESK_MAILBOXES_BILLING_DEPARTMENT_PASSWORD: is not a popdesk setting: mailbox variables are POPDESK_MAILBOXES_<ID>_<KEY>, with <ID> a mailbox id from the config file in upper case and - written as _',
  },
  {
    name: 'a mailbox id cannot be changed',
    env: { POPDESK_MAILBOXES_SUPPORT_ID: 'other' },
    line: 'POPDESK_MAILBOXES_SUPPORT_ID: a mailbox id can only be changed in the config file',
  },
  {
    name: 'both a variable and its _FILE',
    env: { POPDESK_HELPDESK_SECRET: 'a', POPDESK_HELPDESK_SECRET_FILE: '/b' },
    line: 'POPDESK_HELPDESK_SECRET, POPDESK_HELPDESK_SECRET_FILE: both are set; set only one of POPDESK_HELPDESK_SECRET and POPDESK_HELPDESK_SECRET_FILE',
  },
  {
    name: 'both forms of a plain setting',
    env: { POPDESK_LOG_LEVEL: 'info', POPDESK_LOG_LEVEL_FILE: '/level' },
    line: 'POPDESK_LOG_LEVEL, POPDESK_LOG_LEVEL_FILE: both are set; set only one of POPDESK_LOG_LEVEL and POPDESK_LOG_LEVEL_FILE',
  },
  {
    name: 'a _FILE that cannot be read',
    env: { POPDESK_REDIS_URL_FILE: '/run/secrets/none' },
    line: 'redis.url (from POPDESK_REDIS_URL_FILE): cannot read /run/secrets/none: ENOENT',
  },
  {
    name: 'a secret _FILE that cannot be read',
    env: { POPDESK_HELPDESK_SECRET_FILE: '/run/secrets/none' },
    line: 'helpdesk.secretFile (from POPDESK_HELPDESK_SECRET_FILE): cannot read /run/secrets/none: ENOENT',
  },
  {
    name: '"yes" for a boolean',
    env: { POPDESK_MAILBOXES_SUPPORT_VERIFY_CERTIFICATE: 'yes' },
    line: 'mailboxes[support].verifyCertificate (from POPDESK_MAILBOXES_SUPPORT_VERIFY_CERTIFICATE): must be true or false (got "yes")',
  },
  {
    name: 'a word for a number',
    env: { POPDESK_WORKER_CONCURRENCY: 'four' },
    line: 'worker.concurrency (from POPDESK_WORKER_CONCURRENCY): must be a whole number (got "four")',
  },
  {
    name: 'a number out of range',
    env: { POPDESK_MAILBOXES_SUPPORT_PORT: '70000' },
    line: 'mailboxes[support].port (from POPDESK_MAILBOXES_SUPPORT_PORT): must be between 1 and 65535 (got 70000)',
  },
  {
    name: 'a duration without a unit',
    env: { POPDESK_MAILBOXES_SUPPORT_POLL_INTERVAL: '60' },
    line: 'mailboxes[support].pollInterval (from POPDESK_MAILBOXES_SUPPORT_POLL_INTERVAL): must be a number with a unit (ms, s, m, h, d), e.g. "30s" or "5m" (got "60")',
  },
  {
    name: 'headers that are not JSON',
    env: { POPDESK_HELPDESK_HEADERS: 'X-Team: support' },
    line: 'helpdesk.headers (from POPDESK_HELPDESK_HEADERS): must be a JSON object such as {"X-Team": "support"}',
  },
  {
    name: 'an unknown enum value',
    env: { POPDESK_LOG_LEVEL: 'verbose' },
    line: 'log.level (from POPDESK_LOG_LEVEL): must be one of fatal, error, warn, info, debug, trace (got "verbose")',
  },
];

describe('mistakes in the environment name the variable', () => {
  test.each(ENV_MISTAKES)('$name', ({ env, line }) => {
    const error = configErrorOf(() => parse(yamlWith(), { env }));
    expect(error.issues.map(formatConfigIssue)).toEqual([line]);
  });

  test('a key whose parent in the file is not a mapping cannot be set', () => {
    const yaml = yamlWith({ 'mailboxes.0.auth': 'password' });
    const error = configErrorOf(() =>
      parse(yaml, { env: { POPDESK_MAILBOXES_SUPPORT_AUTH_TYPE: 'password' } }),
    );
    expect(error.issues.map(formatConfigIssue)).toContain(
      'mailboxes[support].auth: must be a mapping to take values from environment variables (got "password")',
    );
  });

  test('ids that differ only in - and _ make their variables ambiguous', () => {
    const yaml = yamlWith({
      'mailboxes.1': { id: 'sales-eu', host: 'a.example', username: 'a', password: 'a' },
      'mailboxes.2': { id: 'sales_eu', host: 'b.example', username: 'b', password: 'b' },
    });
    const error = configErrorOf(() => parse(yaml, { env: { POPDESK_MAILBOXES_SALES_EU_PORT: '1' } }));
    expect(error.issues.map(formatConfigIssue)).toEqual([
      'POPDESK_MAILBOXES_SALES_EU_PORT: is ambiguous: it would set mailboxes[sales-eu].port and mailboxes[sales_eu].port; give these mailboxes ids that differ in more than - and _',
    ]);
  });

  test('without a file, env alone cannot list mailboxes', () => {
    const env = {
      POPDESK_HELPDESK_TYPE: 'webhook',
      POPDESK_HELPDESK_URL: 'https://helpdesk.example.com',
      POPDESK_HELPDESK_SECRET: 'env-secret-0123456789',
    };
    expect(configErrorOf(() => parse(undefined, { env })).issues.map(formatConfigIssue)).toEqual([
      'mailboxes: required, and mailboxes can only be listed in a config file: pass its path with --config or POPDESK_CONFIG',
    ]);
  });
});
