import { describe, expect, test } from 'vitest';
import { parseConfigObject } from '../../../src/config/index.js';
import { BASE_CONFIG, configErrorOf, parse, yamlWith } from './config-fixtures.js';

const FULL_YAML = `
redis:
  url: rediss://:redis-pw@redis.internal:6380/2
  prefix: desk_1
mailboxes:
  - id: support
    host: pop.example.com
    port: 1995
    tls: starttls
    verifyCertificate: false
    caFile: /etc/popdesk/ca.pem
    username: support@example.com
    passwordFile: /run/secrets/support
    auth: { type: password }
    pollInterval: 2m
    batchSize: 500
    maxMessageBytes: 10MiB
    oversize: delete
    mode: keep
    timeout: 1500ms
    pipelineWindow: 20
    pipelining: probe
  - id: sales-eu
    provider: outlook
    username: sales@example.com
    auth:
      clientId: 11111111-2222-3333-4444-555555555555
      tenant: organizations
      tokenCache: { type: file, path: /var/lib/popdesk/sales-token.json }
helpdesk:
  type: webhook
  url: http://127.0.0.1:8080/tickets
  secret: webhook-secret-0123456789
  timeout: 45s
  headers: { X-Team: support }
worker:
  concurrency: 16
  attempts: 3
  backoff: { initial: 1s, max: 10m }
  maxRetryAfter: 2h
  retainRawDays: 7
dedupe:
  retentionDays: 90
shutdown:
  graceTimeout: 1m
pollOnce:
  deadline: 2h
log:
  level: debug
`;

const FILES = { '/etc/popdesk/ca.pem': 'PEM CA\n', '/run/secrets/support': 'support-pw\n' };

describe('a valid config', () => {
  test('every key is read, units converted, files read', () => {
    expect(parse(FULL_YAML, { files: FILES })).toEqual({
      redis: {
        target: { kind: 'url', url: 'rediss://:redis-pw@redis.internal:6380/2' },
        prefix: 'desk_1',
        minReplicas: 0,
        minReplicasTimeout: 10_000,
      },
      mailboxes: [
        {
          id: 'support',
          host: 'pop.example.com',
          port: 1995,
          tls: 'starttls',
          verifyCertificate: false,
          ca: 'PEM CA',
          caFile: '/etc/popdesk/ca.pem',
          username: 'support@example.com',
          password: 'support-pw',
          passwordFile: '/run/secrets/support',
          auth: { type: 'password' },
          pollInterval: 120_000,
          batchSize: 500,
          maxMessageBytes: 10 * 1024 * 1024,
          oversize: 'delete',
          mode: 'keep',
          timeout: 1500,
          sessionDeadline: 1_800_000,
          pipelineWindow: 20,
          pipelining: 'probe',
        },
        {
          id: 'sales-eu',
          provider: 'outlook',
          host: 'outlook.office365.com',
          port: 995,
          tls: 'implicit',
          verifyCertificate: true,
          username: 'sales@example.com',
          password: undefined,
          auth: {
            type: 'oauth2-outlook',
            clientId: '11111111-2222-3333-4444-555555555555',
            tenant: 'organizations',
            tokenCache: { type: 'file', path: '/var/lib/popdesk/sales-token.json' },
          },
          pollInterval: 60_000,
          batchSize: 1000,
          maxMessageBytes: 50_000_000,
          oversize: 'keep',
          mode: 'delete',
          timeout: 60_000,
          sessionDeadline: 1_800_000,
          pipelineWindow: 1000,
          pipelining: 'auto',
        },
      ],
      helpdesk: {
        type: 'webhook',
        url: 'http://127.0.0.1:8080/tickets',
        secret: 'webhook-secret-0123456789',
        timeout: 45_000,
        headers: { 'X-Team': 'support' },
      },
      routing: { rules: [], default: { tags: [] } },
      threading: { trust: 'participants', closedTickets: 'reopen', stripQuotes: true },
      hygiene: {
        autoReplies: 'filter',
        bounces: 'note',
        spam: 'filter',
        bulk: 'filter',
        spamScl: 5,
        ownAddresses: [],
        rateLimit: { perSender: 20, perDomain: 0, window: 3_600_000 },
        retentionDays: 30,
      },
      worker: {
        concurrency: 16,
        attempts: 3,
        backoff: { initial: 1000, max: 600_000 },
        pausedProbeInterval: 60_000,
        maxRetryAfter: 7_200_000,
        retainRawDays: 7,
      },
      dedupe: { retentionDays: 90 },
      shutdown: { graceTimeout: 60_000 },
      pollOnce: { deadline: 2 * 60 * 60_000 },
      log: { level: 'debug', format: 'auto' },
      http: { host: '127.0.0.1', port: 9464 },
    });
  });

  test('a minimal config gets every default', () => {
    const config = parse(yamlWith());
    expect(config.redis).toEqual({
      target: { kind: 'url', url: 'redis://127.0.0.1:6379' },
      prefix: 'popdesk',
      minReplicas: 0,
      minReplicasTimeout: 10_000,
    });
    expect(config.mailboxes[0]).toEqual({
      id: 'support',
      host: 'pop.example.com',
      port: 995,
      tls: 'implicit',
      verifyCertificate: true,
      username: 'support@example.com',
      password: 'mailbox-password',
      auth: { type: 'password' },
      pollInterval: 60_000,
      batchSize: 1000,
      maxMessageBytes: 50_000_000,
      oversize: 'keep',
      mode: 'delete',
      timeout: 60_000,
      sessionDeadline: 1_800_000,
      pipelineWindow: 1000,
      pipelining: 'auto',
    });
    expect(config.helpdesk).toMatchObject({ timeout: 30_000, headers: {} });
    expect(config.worker).toEqual({
      concurrency: 4,
      attempts: 60,
      backoff: { initial: 5000, max: 3_600_000 },
      pausedProbeInterval: 60_000,
      maxRetryAfter: 3_600_000,
      retainRawDays: 0,
    });
    expect(config.dedupe).toEqual({ retentionDays: 30 });
    expect(config.shutdown).toEqual({ graceTimeout: 30_000 });
    expect(config.pollOnce).toEqual({ deadline: 30 * 60_000 });
    expect(config.log).toEqual({ level: 'info', format: 'auto' });
  });

  test.each([
    ['implicit', 995],
    ['starttls', 110],
    ['none', 110],
  ])('tls %s defaults the port to %d', (tls, port) => {
    expect(parse(yamlWith({ 'mailboxes.0.tls': tls })).mailboxes[0]?.port).toBe(port);
  });

  test.each([
    ['1048576', 1_048_576],
    [2048, 2048],
    ['500KB', 500_000],
    ['1GB', 1_000_000_000],
  ])('maxMessageBytes %j is %d bytes', (size, bytes) => {
    expect(parse(yamlWith({ 'mailboxes.0.maxMessageBytes': size })).mailboxes[0]?.maxMessageBytes).toBe(
      bytes,
    );
  });

  test.each([
    'consumers',
    'organizations',
    'common',
    '72f988bf-86f1-41af-91ab-2d7cd011db47',
    'contoso.onmicrosoft.com',
  ])('tenant %s is accepted', (tenant) => {
    const yaml = yamlWith({
      'mailboxes.0.password': undefined,
      'mailboxes.0.auth': {
        type: 'oauth2-outlook',
        clientId: '11111111-2222-3333-4444-555555555555',
        tenant,
      },
    });
    expect(parse(yaml).mailboxes[0]?.auth).toMatchObject({ tenant });
  });

  test('an empty mailboxes entry list is refused, and a missing file is explained', () => {
    expect(configErrorOf(() => parse(yamlWith({ mailboxes: [] }))).issues).toContainEqual({
      key: 'mailboxes',
      message: 'list at least one mailbox',
    });
    const error = configErrorOf(() =>
      parse(undefined, { env: { POPDESK_HELPDESK_URL: 'https://x.example.com' } }),
    );
    expect(error.message).toContain('mailboxes: required, and mailboxes can only be listed in a config file');
  });
});

describe('provider: outlook', () => {
  const outlook = (extra: Record<string, unknown> = {}) =>
    yamlWith({
      'mailboxes.0': {
        id: 'support',
        provider: 'outlook',
        username: 'support@outlook.com',
        auth: { clientId: '11111111-2222-3333-4444-555555555555' },
        ...extra,
      },
    });

  test('fills host, port, TLS and the OAuth login', () => {
    const mailbox = parse(outlook()).mailboxes[0];
    expect(mailbox).toMatchObject({
      host: 'outlook.office365.com',
      port: 995,
      tls: 'implicit',
      auth: {
        type: 'oauth2-outlook',
        clientId: '11111111-2222-3333-4444-555555555555',
        tenant: 'consumers',
        tokenCache: { type: 'redis' },
      },
    });
  });

  test('explicit keys win over the preset', () => {
    const mailbox = parse(
      outlook({
        host: 'pop.contoso.com',
        port: 1995,
        tls: 'starttls',
        auth: { type: 'password' },
        password: 'pw',
      }),
    ).mailboxes[0];
    expect(mailbox).toMatchObject({
      host: 'pop.contoso.com',
      port: 1995,
      tls: 'starttls',
      auth: { type: 'password' },
      password: 'pw',
    });
  });

  test('an explicit tls without a port gives that mode’s port', () => {
    expect(parse(outlook({ tls: 'starttls' })).mailboxes[0]?.port).toBe(110);
  });

  test('still needs the client id', () => {
    const yaml = yamlWith({
      'mailboxes.0': { id: 'support', provider: 'outlook', username: 'support@outlook.com' },
    });
    expect(configErrorOf(() => parse(yaml)).issues).toEqual([
      {
        key: 'mailboxes[support].auth.clientId',
        message: 'required: the Application (client) ID of the Azure app registration',
      },
    ]);
  });
});

describe('the mailbox password', () => {
  test('is set for password login and may be absent for OAuth', () => {
    const config = parse(FULL_YAML, { files: FILES });
    expect(config.mailboxes.map((mailbox) => [mailbox.auth.type, mailbox.password])).toEqual([
      ['password', 'support-pw'],
      ['oauth2-outlook', undefined],
    ]);
  });
});

describe('parseConfigObject', () => {
  test('accepts data built in code, inline ca included, and leaves it unchanged', () => {
    const data = structuredClone(BASE_CONFIG);
    Object.assign(data.mailboxes[0] ?? {}, { ca: '-----BEGIN CERTIFICATE-----', pollInterval: '5s' });
    const before = structuredClone(data);
    const config = parseConfigObject(data);
    expect(config.mailboxes[0]).toMatchObject({ ca: '-----BEGIN CERTIFICATE-----', pollInterval: 5000 });
    expect(data).toEqual(before);
  });

  test('applies the env it is given, and reads files through the readFile it is given', () => {
    const data = {
      ...BASE_CONFIG,
      helpdesk: { ...BASE_CONFIG.helpdesk, secret: undefined, secretFile: '/s' },
    };
    const config = parseConfigObject(
      data,
      { POPDESK_LOG_LEVEL: 'warn' },
      () => 'secret-from-file-0123456789\n',
    );
    expect(config.log.level).toBe('warn');
    expect(config.helpdesk).toHaveProperty('secret', 'secret-from-file-0123456789');
  });

  test('refuses something that is not a mapping', () => {
    expect(configErrorOf(() => parseConfigObject([1, 2])).issues).toEqual([
      { key: '(top level)', message: 'must be a mapping of settings (redis, mailboxes, helpdesk, ...)' },
    ]);
  });
});
