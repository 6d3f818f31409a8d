import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { waitUntil } from '../../support/eventually.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskRun, popdesk } from '../../support/popdesk-cli.js';
import { type TestMail, testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startPipelineEnvironment();
  dir = await mkdtemp(join(tmpdir(), 'popdesk-refused-'));
});
afterAll(async () => {
  await env?.stop();
  await rm(dir, { recursive: true, force: true });
});

function lines(stdout: string, text: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.includes(text))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test.each([401, 403])(
  'a helpdesk answering %i pauses delivery; once fixed, every held mail becomes one ticket and none a dead letter',
  async (status) => {
    await env.restartReceiver({ script: () => ({ status, body: '{"error":"invalid credentials"}' }) });
    const mails = testMails(3, { tag: `refused-${status}` });
    await env.dovecot.deliver(
      env.user.username,
      mails.map((mail) => mail.raw),
    );
    const path = join(dir, `refused-${status}.yaml`);
    const config = env.configData({ worker: { pausedProbeInterval: '1s' }, log: { level: 'info' } });
    await writeFile(path, stringify(config));
    const run = popdesk(['start', '--config', path]);
    try {
      await pausedThenResumed(run, status, mails);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  },
  90_000,
);

async function pausedThenResumed(run: PopdeskRun, status: number, mails: TestMail[]): Promise<void> {
  // The three mails and at least three probes were refused, and no mail was condemned for it.
  const condemned = () => run.output.stdout.includes('dead letter written');
  expect(await waitUntil(() => env.receiver.requests >= 6 || condemned())).toBe(true);
  expect(condemned()).toBe(false);
  const refusals = lines(run.output.stdout, "refuses popdesk's credentials");
  expect(refusals).toHaveLength(1);
  expect(refusals[0]).toMatchObject({ level: 'error', helpdesk: 'webhook', status });
  expect(refusals[0]!.msg).toContain('helpdesk.secret');

  await env.restartReceiver();
  const subjects = () => [...env.receiver.tickets.values()].map((ticket) => ticket.payload.message.subject);
  expect(await waitUntil(() => mails.every((mail) => subjects().includes(mail.subject)))).toBe(true);
  run.child.kill('SIGTERM');
  const stopped = await run.exit;
  expect(stopped.code).toBe(0);
  expect(subjects().filter((subject) => subject.startsWith(`Case refused-${status}`))).toHaveLength(3);
  expect(stopped.stdout).not.toContain('dead letter written');
  expect(lines(stopped.stdout, 'delivery resumed')).toHaveLength(1);
}
