import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, parseConfig } from '../../../src/config/index.js';

const YAML = stringify({
  mailboxes: [
    {
      id: 'support',
      host: 'pop.example.com',
      username: 'support@example.com',
      passwordFile: '/run/secrets/mailbox_password',
      caFile: '/etc/popdesk/ca.pem',
    },
  ],
  helpdesk: { type: 'webhook', url: 'https://desk.example.com/hook', secret: 'a-webhook-secret' },
});

/** A disk on which no file exists, as in a worker's container without the mailbox secret. */
function noFiles(path: string): string {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.key}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('mailbox secrets, per role', () => {
  test('a process that polls refuses a passwordFile it cannot read, naming the key', () => {
    const found = problems(() => parseConfig({ yamlText: YAML, env: {}, readFile: noFiles }));
    expect(found).toEqual([
      expect.stringMatching(
        /^mailboxes\[support\]\.passwordFile: cannot read \/run\/secrets\/mailbox_password/,
      ),
      expect.stringMatching(/^mailboxes\[support\]\.caFile: cannot read \/etc\/popdesk\/ca\.pem/),
    ]);
  });

  test('a worker starts without the mailbox files: they are not read', () => {
    const config = parseConfig({ yamlText: YAML, env: {}, readFile: noFiles, mailboxSecrets: false });
    expect(config.mailboxes[0]?.password).toBeUndefined();
    expect(config.mailboxes[0]?.passwordFile).toBe('/run/secrets/mailbox_password');
  });

  test('a worker needs no mailbox password at all; a poller does', () => {
    const withoutPassword = YAML.replace(/ {4}passwordFile: .*\n/, '').replace(/ {4}caFile: .*\n/, '');
    expect(
      parseConfig({ yamlText: withoutPassword, env: {}, readFile: noFiles, mailboxSecrets: false }).mailboxes,
    ).toHaveLength(1);
    expect(problems(() => parseConfig({ yamlText: withoutPassword, env: {}, readFile: noFiles }))).toEqual([
      'mailboxes[support].password: required when auth.type is password (or set passwordFile)',
    ]);
  });

  test('the helpdesk secret is still read and required for a worker', () => {
    const withoutSecret = YAML.replace('secret: a-webhook-secret', 'secretFile: /run/secrets/helpdesk');
    expect(
      problems(() =>
        parseConfig({ yamlText: withoutSecret, env: {}, readFile: noFiles, mailboxSecrets: false }),
      ),
    ).toEqual([expect.stringMatching(/^helpdesk\.secretFile: cannot read \/run\/secrets\/helpdesk/)]);
  });
});
