import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskRun, popdesk } from '../../support/popdesk-cli.js';

const ESC = '\x1b';
/** Anything a terminal acts on instead of printing. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the output must lack
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let env: PipelineEnvironment;

const runs: PopdeskRun[] = [];
/** Starts `popdesk`; one a failed test leaves running is killed after it. */
function startPopdesk(args: readonly string[]): PopdeskRun {
  const run = popdesk(args);
  runs.push(run);
  return run;
}

beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterEach(async () => {
  const running = runs
    .splice(0)
    .filter((run) => run.child.exitCode === null && run.child.signalCode === null);
  for (const run of running) run.child.kill('SIGKILL');
  await Promise.all(running.map((run) => run.exit));
});
afterAll(async () => {
  await env?.stop();
});

describe('the start-up log line', () => {
  test('shows the config without header values, URL query values or the CA certificate', async () => {
    const secrets = {
      query: 'Qcode7secret',
      queryToo: 'Qsig7secret',
      header: 'Hdr7secret',
      otherHeader: 'Team7value',
    };
    const path = await env.configFile('startup', {
      helpdesk: {
        type: 'webhook',
        url: `${env.receiver.url}?code=${secrets.query}&sig=${secrets.queryToo}`,
        headers: { 'X-Custom-Auth': secrets.header, 'X-Team': secrets.otherHeader },
      },
    });
    const pem = await readFile(env.dovecot.certificatePath, 'utf8');
    const pemLine = pem.split('\n').find((line) => line.length > 40 && !line.startsWith('-----'));

    const run = startPopdesk(['start', '--role', 'worker', '--config', path]);
    await run.printed('"msg":"popdesk running"');
    run.child.kill('SIGTERM');
    const { code, stdout } = await run.exit;

    expect(code).toBe(0);
    const starting = stdout.split('\n').find((line) => line.includes('"msg":"popdesk starting"'));
    expect(starting).toBeDefined();
    for (const secret of [...Object.values(secrets), env.user.password, env.secret]) {
      expect(stdout).not.toContain(secret);
    }
    expect(pemLine).toBeDefined();
    expect(stdout).not.toContain(pemLine);
    expect(stdout).not.toContain('BEGIN CERTIFICATE');
    // What an operator needs to check the config is still there.
    const config = JSON.parse(starting!).config;
    expect(config.helpdesk.url).toBe(`${env.receiver.url}?code=[redacted]&sig=[redacted]`);
    expect(config.helpdesk.headers).toEqual({ 'X-Custom-Auth': '[redacted]', 'X-Team': '[redacted]' });
    expect(config.mailboxes[0].caFile).toBe(env.dovecot.certificatePath);
  });
});

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
    const path = await env.configFile('hostile');
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
