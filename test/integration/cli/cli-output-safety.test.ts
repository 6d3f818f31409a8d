import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { startPopdesk } from '../../support/popdesk-process.js';

const ESC = '\x1b';
/** Anything a terminal acts on instead of printing. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the output must lack
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let env: PipelineEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startPipelineEnvironment();
  dir = await mkdtemp(join(tmpdir(), 'popdesk-cli-output-'));
});
afterAll(async () => {
  await env?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Writes the environment's config, with `overrides` merged in, as a YAML file. */
async function configFile(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const path = join(dir, `${name}.yaml`);
  await writeFile(path, stringify(env.configData({ log: { level: 'info' }, ...overrides })));
  return path;
}

describe('dead-letters', () => {
  test('list and show print a hostile Subject and helpdesk answer without terminal controls', async () => {
    const subject =
      `${ESC}[2J${ESC}]0;pwned\x07Invoice ` +
      `${ESC}]8;;https://evil.example/pay${ESC}\\click here${ESC}]8;;${ESC}\\ to pay`;
    const raw = Buffer.from(
      `From: a@example.com\r\nTo: support@example.com\r\nSubject: ${subject}\r\n` +
        'Message-ID: <hostile-subject@example.com>\r\n\r\nbody\r\n',
      'latin1',
    );
    await env.restartReceiver({
      script: () => ({ status: 422, body: '{"error":"rejected \u202Efdp.exe\u009b2J"}' }),
    });
    // One file for every command: each config the environment builds has its own Redis prefix.
    const path = await configFile('hostile');
    try {
      await env.dovecot.deliver(env.user.username, [raw]);
      expect((await startPopdesk(['poll-once', '--config', path]).exit).code).toBe(1);
    } finally {
      await env.restartReceiver();
    }

    const list = await startPopdesk(['dead-letters', 'list', '--config', path]).exit;
    expect(list.code).toBe(0);
    const line = list.stdout.split('\n').find((candidate) => candidate.includes('Invoice'));
    expect(line).toBeDefined();
    expect(line).not.toMatch(ACTIVE);
    expect(line).not.toContain(']8;;');
    expect(line).toContain('Invoice click here to pay');

    const id = line!.split(' ')[0]!;
    const show = await startPopdesk(['dead-letters', 'show', id, '--config', path]).exit;
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('rejected fdp.exe');
    expect(show.stdout.replaceAll('\n', '')).not.toMatch(ACTIVE);
  });
});
