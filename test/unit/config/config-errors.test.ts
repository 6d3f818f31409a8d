import { describe, expect, test } from 'vitest';
import { ConfigError, formatConfigIssue, parseConfigObject } from '../../../src/config/index.js';
import { BASE_CONFIG, configErrorOf, parse, yamlWith } from './config-fixtures.js';

const OAUTH = { type: 'oauth2-outlook', clientId: '11111111-2222-3333-4444-555555555555' };
const SECOND_SUPPORT = { id: 'support', host: 'pop2.example.com', username: 'b@example.com', password: 'pw' };

/** Each mistake, made alone in an otherwise valid file, gives exactly this one line. */
const MISTAKES: readonly { name: string; changes: Record<string, unknown>; line: string }[] = [
  // wrong type
  {
    name: 'a word where a number belongs',
    changes: { 'mailboxes.0.batchSize': 'many' },
    line: 'mailboxes[support].batchSize: must be a whole number (got "many")',
  },
  {
    name: 'a fraction where a whole number belongs',
    changes: { 'mailboxes.0.port': 99.5 },
    line: 'mailboxes[support].port: must be a whole number (got 99.5)',
  },
  {
    name: '"yes" for a boolean',
    changes: { 'mailboxes.0.verifyCertificate': 'yes' },
    line: 'mailboxes[support].verifyCertificate: must be true or false (got "yes")',
  },
  {
    name: 'a quoted number',
    changes: { 'mailboxes.0.port': '995' },
    line: 'mailboxes[support].port: must be a whole number (got "995")',
  },
  {
    name: 'a word where a mapping belongs',
    changes: { helpdesk: 'webhook' },
    line: 'helpdesk: must be a mapping (key: value lines) (got "webhook")',
  },
  {
    name: 'an empty section',
    changes: { worker: null },
    line: 'worker: is empty: give a value or remove the key',
  },
  {
    name: 'a mapping where a list belongs',
    changes: { mailboxes: { id: 'support' } },
    line: 'mailboxes: must be a list (got a mapping)',
  },
  {
    name: 'an empty value',
    changes: { 'mailboxes.0.host': null },
    line: 'mailboxes[support].host: is empty: give a value or remove the key',
  },
  // ranges
  {
    name: 'a port above 65535',
    changes: { 'mailboxes.0.port': 99999 },
    line: 'mailboxes[support].port: must be between 1 and 65535 (got 99999)',
  },
  {
    name: 'port 0',
    changes: { 'mailboxes.0.port': 0 },
    line: 'mailboxes[support].port: must be between 1 and 65535 (got 0)',
  },
  {
    name: 'no workers',
    changes: { 'worker.concurrency': 0 },
    line: 'worker.concurrency: must be between 1 and 256 (got 0)',
  },
  {
    name: 'too many attempts',
    changes: { 'worker.attempts': 101 },
    line: 'worker.attempts: must be between 1 and 100 (got 101)',
  },
  {
    name: 'zero retention',
    changes: { 'dedupe.retentionDays': 0 },
    line: 'dedupe.retentionDays: must be between 1 and 3650 (got 0)',
  },
  {
    name: 'a short HMAC secret',
    changes: { 'helpdesk.secret': 'too-short' },
    line: 'helpdesk.secret: must be at least 16 characters',
  },
  {
    name: 'a backoff whose max is below its initial delay',
    changes: { 'worker.backoff': { initial: '10m', max: '1m' } },
    line: 'worker.backoff.max: must not be shorter than initial (got "1m")',
  },
  // unknown keys
  {
    name: 'a typo in a mailbox key',
    changes: { 'mailboxes.0.pollIntervall': '5m' },
    line: 'mailboxes[support].pollIntervall: unknown key (did you mean pollInterval?)',
  },
  {
    name: 'a typo in a section name',
    changes: { workers: { concurrency: 2 } },
    line: 'workers: unknown key (did you mean worker?)',
  },
  {
    name: 'a key that exists nowhere near',
    changes: { 'redis.shards': true },
    line: 'redis.shards: unknown key; known keys here: url, sentinels, name, sentinelPassword, cluster, password, prefix, minReplicas, minReplicasTimeout',
  },
  {
    name: 'a typo in an auth key',
    changes: { 'mailboxes.0.password': undefined, 'mailboxes.0.auth': { ...OAUTH, clientID: 'x' } },
    line: 'mailboxes[support].auth.clientID: unknown key (did you mean clientId?)',
  },
  // duplicates and ids
  {
    name: 'two mailboxes with one id',
    changes: { 'mailboxes.1': SECOND_SUPPORT },
    line: 'mailboxes[1].id: duplicate id "support", already used by mailboxes[0]',
  },
  {
    name: 'an id with spaces and capitals',
    changes: { 'mailboxes.0.id': 'Support Desk' },
    line: 'mailboxes[0].id: must be 1 to 63 of a-z, 0-9, _ and -, starting with a letter or digit (got "Support Desk")',
  },
  {
    name: 'a mailbox without an id',
    changes: { 'mailboxes.0.id': undefined },
    line: 'mailboxes[0].id: required',
  },
  // missing required keys
  {
    name: 'no username',
    changes: { 'mailboxes.0.username': undefined },
    line: 'mailboxes[support].username: required',
  },
  {
    name: 'no host and no provider',
    changes: { 'mailboxes.0.host': undefined },
    line: 'mailboxes[support].host: required (or set provider)',
  },
  { name: 'no helpdesk url', changes: { 'helpdesk.url': undefined }, line: 'helpdesk.url: required' },
  { name: 'no helpdesk at all', changes: { helpdesk: undefined }, line: 'helpdesk: required' },
  {
    name: 'no helpdesk secret',
    changes: { 'helpdesk.secret': undefined },
    line: 'helpdesk.secret: required (or set secretFile)',
  },
  {
    name: 'no password for password login',
    changes: { 'mailboxes.0.password': undefined },
    line: 'mailboxes[support].password: required when auth.type is password (or set passwordFile)',
  },
  {
    name: 'no client id for Outlook OAuth',
    changes: { 'mailboxes.0.auth': { type: 'oauth2-outlook' } },
    line: 'mailboxes[support].auth.clientId: required: the Application (client) ID of the Azure app registration',
  },
  {
    name: 'an unknown token cache',
    changes: { 'mailboxes.0.auth': { ...OAUTH, tokenCache: { type: 's3' } } },
    line: 'mailboxes[support].auth.tokenCache.type: must be one of redis, file (got "s3")',
  },
  {
    name: 'a file token cache without a path',
    changes: { 'mailboxes.0.auth': { ...OAUTH, tokenCache: { type: 'file' } } },
    line: 'mailboxes[support].auth.tokenCache.path: required',
  },
  {
    name: 'no helpdesk type',
    changes: { 'helpdesk.type': undefined },
    line: 'helpdesk.type: required, one of webhook, rt, zammad, osticket, freshdesk, zendesk',
  },
  // formats
  {
    name: 'a client id that is not a GUID',
    changes: { 'mailboxes.0.auth': { type: 'oauth2-outlook', clientId: 'my-app' } },
    line: 'mailboxes[support].auth.clientId: must be a GUID such as 00000000-0000-0000-0000-000000000000 (got "my-app")',
  },
  {
    name: 'a tenant that is neither a name, GUID nor domain',
    changes: { 'mailboxes.0.auth': { ...OAUTH, tenant: 'my tenant' } },
    line: 'mailboxes[support].auth.tenant: must be consumers, organizations, common, a tenant GUID or a domain (got "my tenant")',
  },
  {
    name: 'a duration in words',
    changes: { 'mailboxes.0.pollInterval': '5 minutes' },
    line: 'mailboxes[support].pollInterval: must be a number with a unit (ms, s, m, h, d), e.g. "30s" or "5m" (got "5 minutes")',
  },
  {
    name: 'a duration without a unit',
    changes: { 'mailboxes.0.pollInterval': 60 },
    line: 'mailboxes[support].pollInterval: use a unit, e.g. "60s" (got 60)',
  },
  {
    name: 'a timeout without a unit',
    changes: { 'helpdesk.timeout': 30 },
    line: 'helpdesk.timeout: use a unit, e.g. "30s" (got 30)',
  },
  {
    name: 'a poll interval below one second',
    changes: { 'mailboxes.0.pollInterval': '500ms' },
    line: 'mailboxes[support].pollInterval: must be at least 1s (got "500ms")',
  },
  {
    name: 'a duration longer than a timer can wait',
    changes: { 'worker.maxRetryAfter': '30d' },
    line: 'worker.maxRetryAfter: must be at most 24d (got "30d")',
  },
  {
    name: 'an unknown size unit',
    changes: { 'mailboxes.0.maxMessageBytes': '50XB' },
    line: 'mailboxes[support].maxMessageBytes: must be a byte count or a number with a unit (KB, MB, GB, KiB, MiB, GiB), e.g. "50MB" (got "50XB")',
  },
  {
    name: 'a size that forgot its unit',
    changes: { 'mailboxes.0.maxMessageBytes': 50 },
    line: 'mailboxes[support].maxMessageBytes: must be at least 1KiB (got 50)',
  },
  {
    name: 'a size that is a boolean',
    changes: { 'mailboxes.0.maxMessageBytes': true },
    line: 'mailboxes[support].maxMessageBytes: must be a byte count or a number with a unit (KB, MB, GB, KiB, MiB, GiB), e.g. "50MB" (got true)',
  },
  {
    name: 'tls: ssl',
    changes: { 'mailboxes.0.tls': 'ssl' },
    line: 'mailboxes[support].tls: must be one of implicit, starttls, none (got "ssl")',
  },
  {
    name: 'an unknown log level',
    changes: { 'log.level': 'verbose' },
    line: 'log.level: must be one of fatal, error, warn, info, debug, trace (got "verbose")',
  },
  {
    name: 'an unknown auth type',
    changes: { 'mailboxes.0.auth': { type: 'basic' } },
    line: 'mailboxes[support].auth.type: must be one of password, oauth2-outlook, oauth2-outlook-app (got "basic")',
  },
  {
    name: 'an unknown provider',
    changes: { 'mailboxes.0.provider': 'gmail' },
    line: 'mailboxes[support].provider: must be outlook (got "gmail")',
  },
  {
    name: 'a helpdesk system popdesk does not know',
    changes: { 'helpdesk.type': 'jira' },
    line: 'helpdesk.type: must be one of webhook, rt, zammad, osticket, freshdesk, zendesk (got "jira")',
  },
  {
    name: 'an FTP helpdesk URL',
    changes: { 'helpdesk.url': 'ftp://helpdesk.example.com/' },
    line: 'helpdesk.url: must be an http:// or https:// URL',
  },
  {
    name: 'a helpdesk URL without a scheme',
    changes: { 'helpdesk.url': 'helpdesk.example.com/tickets' },
    line: 'helpdesk.url: must be an http:// or https:// URL',
  },
  {
    name: 'an http URL for Redis',
    changes: { 'redis.url': 'http://127.0.0.1:6379' },
    line: 'redis.url: must be a redis:// or rediss:// URL',
  },
  {
    name: 'a key prefix with capitals',
    changes: { 'redis.prefix': 'PopDesk' },
    line: 'redis.prefix: must be lowercase letters, digits, _ and - only (got "PopDesk")',
  },
  {
    name: 'an HTTP header name with a space',
    changes: { 'helpdesk.headers': { 'X Team': 'a' } },
    line: 'helpdesk.headers.X Team: is not a valid HTTP header name',
  },
  // files
  {
    name: 'both password and passwordFile',
    changes: { 'mailboxes.0.passwordFile': '/run/secrets/support' },
    line: 'mailboxes[support].passwordFile: set either password or passwordFile, not both',
  },
  {
    name: 'a password file that does not exist',
    changes: { 'mailboxes.0.password': undefined, 'mailboxes.0.passwordFile': '/run/secrets/x' },
    line: 'mailboxes[support].passwordFile: cannot read /run/secrets/x: ENOENT',
  },
  {
    name: 'a CA file that does not exist',
    changes: { 'mailboxes.0.caFile': '/etc/ssl/missing.pem' },
    line: 'mailboxes[support].caFile: cannot read /etc/ssl/missing.pem: ENOENT',
  },
  {
    name: 'a helpdesk secret file that does not exist',
    changes: { 'helpdesk.secret': undefined, 'helpdesk.secretFile': '/run/secrets/hd' },
    line: 'helpdesk.secretFile: cannot read /run/secrets/hd: ENOENT',
  },
];

describe('each mistake names its key and what is wrong', () => {
  test.each(MISTAKES)('$name', ({ changes, line }) => {
    const error = configErrorOf(() => parse(yamlWith(changes)));
    expect(error.issues.map(formatConfigIssue)).toEqual([line]);
    expect(error.message).toContain(`\n  ${line}`);
  });
});

describe('the error', () => {
  test('is a ConfigError that lists every problem, one per line, under the file name', () => {
    const yaml = yamlWith({ 'mailboxes.0.port': 99999, 'mailboxes.0.tls': 'ssl', 'log.level': 'loud' });
    const error = configErrorOf(() => parse(yaml));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.sourceName).toBe('popdesk.yaml');
    expect(error.message).toBe(
      [
        'Invalid configuration in popdesk.yaml (3 problems):',
        '  mailboxes[support].port: must be between 1 and 65535 (got 99999)',
        '  mailboxes[support].tls: must be one of implicit, starttls, none (got "ssl")',
        '  log.level: must be one of fatal, error, warn, info, debug, trace (got "loud")',
      ].join('\n'),
    );
  });

  test('reports problems in several mailboxes, and cross-key checks, in one go', () => {
    const yaml = yamlWith({
      'mailboxes.0.password': undefined,
      'mailboxes.0.pollIntervall': '1m',
      'mailboxes.1': { ...SECOND_SUPPORT, id: 'sales', port: 0 },
    });
    expect(configErrorOf(() => parse(yaml)).issues.map(formatConfigIssue)).toEqual([
      'mailboxes[support].pollIntervall: unknown key (did you mean pollInterval?)',
      'mailboxes[sales].port: must be between 1 and 65535 (got 0)',
      'mailboxes[support].password: required when auth.type is password (or set passwordFile)',
    ]);
  });

  test('keeps its cause', () => {
    const cause = new Error('inner');
    expect(new ConfigError([{ key: 'a', message: 'b' }], { cause }).cause).toBe(cause);
  });

  test('with no mistakes, BASE_CONFIG is valid', () => {
    expect(parse(yamlWith()).mailboxes[0]?.id).toBe(BASE_CONFIG.mailboxes[0]?.id);
  });
});

describe('YAML syntax errors name the file, line and column', () => {
  test.each([
    ['a bad indent', 'mailboxes:\n  - id: a\n   host: x\n', /^popdesk\.yaml:3:\d+: /],
    [
      'a duplicate key',
      'log:\n  level: info\nlog:\n  level: debug\n',
      /^popdesk\.yaml:3:1: Map keys must be unique$/,
    ],
    ['an unterminated quote', 'helpdesk:\n  url: "http://x\n', /^popdesk\.yaml:3:1: Missing closing "quote$/],
    ['a tab indent', 'log:\n\tlevel: info\n', /^popdesk\.yaml:2:1: Tabs are not allowed as indentation$/],
    ['an unknown tag', 'log:\n  level: !env LEVEL\n', /^popdesk\.yaml:2:10: Unresolved tag: !env$/],
  ])('%s', (_name, yaml, line) => {
    const error = configErrorOf(() => parse(yaml));
    expect(error.issues.length).toBeGreaterThan(0);
    expect(formatConfigIssue(error.issues[0]!)).toMatch(line);
    expect(error.message).toContain('Invalid configuration in popdesk.yaml');
  });

  test('a file that is a list is refused as a whole', () => {
    expect(configErrorOf(() => parse('- a\n- b\n')).issues.map(formatConfigIssue)).toEqual([
      'popdesk.yaml: must be a mapping of settings (redis, mailboxes, helpdesk, ...)',
    ]);
  });

  test('an empty file only lacks the required sections', () => {
    expect(configErrorOf(() => parse('# nothing yet\n')).issues.map(formatConfigIssue)).toEqual([
      'mailboxes: required',
      'helpdesk: required',
    ]);
  });
});

test('a key of another helpdesk type is named as such, not suggested as its own spelling', () => {
  let message = '';
  try {
    parseConfigObject({
      mailboxes: [{ id: 'support', host: 'pop.example.com', username: 'u@example.com', password: 'pw' }],
      helpdesk: {
        type: 'rt',
        url: 'https://rt.example.com',
        token: 't',
        rtname: 'example.com',
        secret: '0123456789abcdef',
      },
    });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('helpdesk.secret: is not a key of this type');
});
