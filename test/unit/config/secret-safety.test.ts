import { describe, expect, test } from 'vitest';
import type { ConfigEnv } from '../../../src/config/index.js';
import { configErrorOf, parse, yamlWith } from './config-fixtures.js';

/** A secret too short to be valid, so the errors are about secrets. */
const CANARY = 'Lk7canary';
/** The same canary in a secret long enough to pass. */
const LONG_CANARY = `${CANARY}-0123456789abcdef`;
/** A secret YAML reads as a number. */
const NUMBER_CANARY = 73317331;

interface LeakCase {
  readonly name: string;
  readonly yaml: string;
  readonly env?: ConfigEnv;
  readonly files?: Record<string, string>;
  /** Part of the message the case must produce, to prove it fails for the intended reason. */
  readonly expected: string;
}

const CASES: readonly LeakCase[] = [
  {
    name: 'a short secret in the file',
    yaml: yamlWith({ 'helpdesk.secret': CANARY }),
    expected: 'helpdesk.secret: must be at least 16 characters',
  },
  {
    name: 'a short secret from an env var',
    yaml: yamlWith(),
    env: { POPDESK_HELPDESK_SECRET: CANARY },
    expected: 'helpdesk.secret (from POPDESK_HELPDESK_SECRET): must be at least 16 characters',
  },
  {
    name: 'a short secret from secretFile',
    yaml: yamlWith({ 'helpdesk.secret': undefined, 'helpdesk.secretFile': '/s' }),
    files: { '/s': `${CANARY}\n` },
    expected: 'helpdesk.secret (read from /s): must be at least 16 characters',
  },
  {
    name: 'a short secret from a _FILE variable',
    yaml: yamlWith(),
    env: { POPDESK_HELPDESK_SECRET_FILE: '/s' },
    files: { '/s': CANARY },
    expected:
      'helpdesk.secret (from POPDESK_HELPDESK_SECRET_FILE: read from /s): must be at least 16 characters',
  },
  {
    name: 'a short secret from the generic _FILE form of a variable',
    yaml: yamlWith(),
    env: { POPDESK_HELPDESK_SECRET_FILE_FILE: '/path-of-path' },
    files: { '/path-of-path': '/s', '/s': CANARY },
    expected:
      'helpdesk.secret (from POPDESK_HELPDESK_SECRET_FILE_FILE: read from /s): must be at least 16 characters',
  },
  {
    name: 'a password YAML reads as a number',
    yaml: yamlWith({ 'mailboxes.0.password': NUMBER_CANARY }),
    expected: 'mailboxes[support].password: must be a string (got a number)',
  },
  {
    name: 'a secret YAML reads as a number',
    yaml: yamlWith({ 'helpdesk.secret': NUMBER_CANARY }),
    expected: 'helpdesk.secret: must be a string (got a number)',
  },
  {
    name: 'a password given as a mapping',
    yaml: yamlWith({ 'mailboxes.0.password': { value: LONG_CANARY } }),
    expected: 'mailboxes[support].password: must be a string (got a mapping)',
  },
  {
    name: 'a password with a line break from an env var',
    yaml: yamlWith(),
    env: { POPDESK_MAILBOXES_SUPPORT_PASSWORD: `${LONG_CANARY}\nUSER x` },
    expected: 'must not contain line breaks or NUL characters',
  },
  {
    name: 'a password with a line break inside its file',
    yaml: yamlWith({ 'mailboxes.0.password': undefined, 'mailboxes.0.passwordFile': '/pw' }),
    files: { '/pw': `${LONG_CANARY}\nsecond line\n` },
    expected: 'mailboxes[support].password (read from /pw): must not contain line breaks or NUL characters',
  },
  {
    name: 'both password and passwordFile',
    yaml: yamlWith({ 'mailboxes.0.password': LONG_CANARY, 'mailboxes.0.passwordFile': '/pw' }),
    files: { '/pw': LONG_CANARY },
    expected: 'set either password or passwordFile, not both',
  },
  {
    name: 'a YAML syntax error on the password line',
    yaml: `mailboxes:\n  - id: support\n    password: "${LONG_CANARY}\n`,
    expected: 'popdesk.yaml:4:1: Missing closing "quote',
  },
  {
    name: 'a duplicate password key',
    yaml: `helpdesk:\n  secret: ${LONG_CANARY}\n  secret: ${LONG_CANARY}\n`,
    expected: 'popdesk.yaml:3:3: Map keys must be unique',
  },
  {
    name: 'a misspelt password key',
    yaml: yamlWith({ 'mailboxes.0.pasword': LONG_CANARY }),
    expected: 'mailboxes[support].pasword: unknown key (did you mean password?)',
  },
  {
    name: 'an Authorization header with a line break',
    yaml: yamlWith({ 'helpdesk.headers': { Authorization: `Bearer ${LONG_CANARY}\nX-Evil: 1` } }),
    expected: 'helpdesk.headers.Authorization: must not contain line breaks',
  },
  {
    name: 'a header that YAML reads as a number',
    yaml: yamlWith({ 'helpdesk.headers': { 'X-Api-Key': NUMBER_CANARY } }),
    expected: 'helpdesk.headers.X-Api-Key: must be a string (got a number)',
  },
  {
    name: 'headers from an env var that are not JSON',
    yaml: yamlWith(),
    env: { POPDESK_HELPDESK_HEADERS: `{"Authorization": ${LONG_CANARY}}` },
    expected: 'must be a JSON object',
  },
  {
    name: 'a Redis URL with a password and the wrong scheme',
    yaml: yamlWith({ 'redis.url': `http://:${LONG_CANARY}@redis.internal:6379` }),
    expected: 'redis.url: must be a redis:// or rediss:// URL',
  },
  {
    name: 'a helpdesk URL with a token and the wrong scheme',
    yaml: yamlWith({ 'helpdesk.url': `ftp://helpdesk.example.com/?token=${LONG_CANARY}` }),
    expected: 'helpdesk.url: must be an http:// or https:// URL',
  },
  {
    name: 'a misspelt variable holding a secret',
    yaml: yamlWith(),
    env: { POPDESK_HELPDESK_SECRT: LONG_CANARY },
    expected: 'POPDESK_HELPDESK_SECRT: is not a popdesk setting (did you mean POPDESK_HELPDESK_SECRET?)',
  },
  {
    name: 'a secret in both a variable and its _FILE',
    yaml: yamlWith(),
    env: { POPDESK_HELPDESK_SECRET: LONG_CANARY, POPDESK_HELPDESK_SECRET_FILE: '/s' },
    files: { '/s': LONG_CANARY },
    expected: 'both are set',
  },
  {
    name: 'a password variable for a mailbox that does not exist',
    yaml: yamlWith(),
    env: { POPDESK_MAILBOXES_BILLING_PASSWORD: LONG_CANARY },
    expected: 'POPDESK_MAILBOXES_BILLING_PASSWORD: is not a popdesk setting',
  },
  {
    name: 'a non-secret setting read from a _FILE',
    yaml: yamlWith(),
    env: { POPDESK_LOG_LEVEL_FILE: '/level' },
    files: { '/level': LONG_CANARY },
    expected:
      'log.level (from POPDESK_LOG_LEVEL_FILE): must be one of fatal, error, warn, info, debug, trace',
  },
];

describe('no error ever shows a secret', () => {
  test.each(CASES)('$name', ({ yaml, env, files, expected }) => {
    const error = configErrorOf(() => parse(yaml, { ...(env ? { env } : {}), ...(files ? { files } : {}) }));
    expect(error.message).toContain(expected);
    const everything = [
      error.message,
      JSON.stringify(error.issues),
      String(error.cause),
      error.stack ?? '',
    ].join('\n');
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(String(NUMBER_CANARY));
  });
});
