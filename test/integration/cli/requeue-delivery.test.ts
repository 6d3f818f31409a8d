import { afterAll, beforeAll, expect, test } from 'vitest';
import { waitUntil } from '../../support/eventually.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;

beforeAll(async () => {
  // The helpdesk rejects every mail at first: each becomes a dead letter at once.
  env = await startPipelineEnvironment({ script: () => ({ status: 422, body: '{"error":"queue closed"}' }) });
});
afterAll(async () => {
  await env?.stop();
});

test('a dead letter requeued once the helpdesk accepts again becomes a ticket when a worker runs', async () => {
  const path = await env.configFile('popdesk');
  const [mail] = testMails(1, { tag: 'requeue' });
  await env.dovecot.deliver(env.user.username, [mail!.raw]);
  expect((await popdesk(['poll-once', '--config', path]).exit).code).toBe(1);
  const listed = await popdesk(['dead-letters', 'list', '--config', path]).exit;
  const [line, ...others] = listed.stdout.trimEnd().split('\n');
  expect(others).toEqual([]);
  expect(line).toContain('helpdesk-rejected');
  const id = line!.split(' ')[0]!;

  await env.restartReceiver();
  const requeue = await popdesk(['dead-letters', 'requeue', id, '--config', path]).exit;
  expect(requeue.stderr).toBe('');
  expect(requeue.code).toBe(0);
  expect(env.receiver.tickets.size).toBe(0);

  const worker = popdesk(['start', '--role', 'worker', '--config', path]);
  try {
    expect(await waitUntil(() => env.receiver.tickets.size > 0)).toBe(true);
  } finally {
    worker.child.kill('SIGTERM');
  }
  expect((await worker.exit).code).toBe(0);
  const tickets = [...env.receiver.tickets.values()];
  expect(tickets.map((ticket) => ticket.payload.message.subject)).toEqual([mail!.subject]);
  expect((await popdesk(['dead-letters', 'list', '--config', path]).exit).stdout).toBe('no dead letters\n');
});
