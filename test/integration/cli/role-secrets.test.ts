import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskRun, popdesk } from '../../support/popdesk-cli.js';

let env: PipelineEnvironment;
const runs: PopdeskRun[] = [];

beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  await env?.stop();
});

/** The operator's config, where the mailbox password is a secret only poller containers mount. */
async function configWithUnmountedSecret(): Promise<string> {
  const data = env.configData();
  const [mailbox] = data.mailboxes as Array<Record<string, unknown>>;
  const { password: _password, ...rest } = mailbox!;
  return env.configFile('unmounted', {
    mailboxes: [{ ...rest, passwordFile: '/run/secrets/popdesk-test-not-mounted' }],
  });
}

function cli(args: string[]): PopdeskRun {
  const run = popdesk(args);
  runs.push(run);
  return run;
}

test('start --role worker runs without the mailbox passwordFile, which only pollers need', async () => {
  const run = cli(['start', '--role', 'worker', '--config', await configWithUnmountedSecret()]);
  await run.printed('popdesk running');
  run.child.kill('SIGTERM');
  const { code, stderr } = await run.exit;
  expect(code).toBe(0);
  expect(stderr).toBe('');
}, 120_000);

test.each(['start --role poller', 'start', 'poll-once'])(
  '%s refuses the unreadable passwordFile, naming the key (exit 2)',
  async (command) => {
    const { code, stderr } = await cli([...command.split(' '), '--config', await configWithUnmountedSecret()])
      .exit;
    expect(code).toBe(2);
    expect(stderr).toContain(
      'mailboxes[support].passwordFile: cannot read /run/secrets/popdesk-test-not-mounted',
    );
  },
  120_000,
);
