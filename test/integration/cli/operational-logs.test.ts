import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';

let env: PipelineEnvironment;
let dir: string;

beforeAll(async () => {
  [env, dir] = await Promise.all([startPipelineEnvironment(), mkdtemp(join(tmpdir(), 'popdesk-logs-'))]);
});
afterAll(async () => {
  await env?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** A config whose one mailbox has the wrong password for Dovecot, logging at `level`. */
async function wrongPasswordConfig(name: string, level: string): Promise<string> {
  const data = env.configData({ log: { level } });
  const [mailbox] = data.mailboxes as Array<Record<string, unknown>>;
  data.mailboxes = [{ ...mailbox, password: 'not-the-password' }];
  const path = join(dir, `${name}.yaml`);
  await writeFile(path, stringify(data));
  return path;
}

function entries(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a poll refused by the POP3 server (wrong password, real Dovecot)', () => {
  test('is logged with its reason and no stack trace at info, warn or error', async () => {
    const run = await popdesk(['poll-once', '--config', await wrongPasswordConfig('json', 'info')]).exit;

    expect(run.code).toBe(1);
    const logged = entries(run.stdout);
    const refused = logged.find(
      (entry) => entry.msg === 'the POP3 server refused the login; no new attempt before nextLoginAt',
    );
    expect(refused).toMatchObject({ level: 'error', error: { type: 'Pop3AuthError' } });
    expect(logged.find((entry) => entry.msg === 'poll failed')).toMatchObject({
      level: 'error',
      mailbox: 'support',
      error: { type: 'PollFailedError' },
    });
    for (const entry of logged) expect(JSON.stringify(entry)).not.toContain('"stack"');
    expect(run.stdout).not.toContain('not-the-password');
  }, 120_000);

  test('keeps the stack for whoever turns on debug', async () => {
    const run = await popdesk(['poll-once', '--config', await wrongPasswordConfig('debug', 'debug')]).exit;

    const failures = entries(run.stdout).filter((entry) => entry.msg === 'poll failed');
    expect(failures.map((entry) => entry.level)).toEqual(['error', 'debug']);
    expect(failures[1]?.err).toMatchObject({ stack: expect.stringContaining('PollFailedError') });
  }, 120_000);

  test('--log-format pretty writes text for a person, with the reason and without the password', async () => {
    const config = await wrongPasswordConfig('pretty', 'info');
    const run = await popdesk(['poll-once', '--log-format', 'pretty', '--config', config]).exit;

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('poll failed');
    expect(run.stdout).toContain('Pop3AuthError');
    expect(run.stdout).not.toMatch(/^\{"level"/m);
    expect(run.stdout).not.toContain('"stack"');
    expect(run.stdout).not.toContain('not-the-password');
  }, 120_000);
});
