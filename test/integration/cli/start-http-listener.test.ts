import { afterAll, beforeAll, expect, test } from 'vitest';
import { customerMail } from '../../support/hygiene-mails.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { PrometheusSamples } from '../../support/prometheus-samples.js';

const READY_LINE = 'HTTP listener ready';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

/** The address `popdesk` logged for its listener. */
function listenerAddress(stdout: string): string {
  const line = stdout.split('\n').find((candidate) => candidate.includes(READY_LINE));
  return (JSON.parse(line ?? '{}') as { address: string }).address;
}

test('popdesk start opens the listener (port 0: the bound address is logged) and closes it on SIGTERM', async () => {
  const config = await env.configFile('start-http', { http: { port: 0 } });
  await env.dovecot.deliver(env.user.username, [customerMail(1)]);
  const run = popdesk(['start', '--config', config]);
  try {
    await run.printed(READY_LINE);
    const base = `http://${listenerAddress(run.output.stdout)}`;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // The listener opens before the roles start (their modules load on start): ready once they run.
    await run.printed('popdesk running');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status, await ready.clone().text()).toBe(200);
    expect(await ready.json()).toMatchObject({
      checks: { poller: { state: 'ok' }, worker: { state: 'ok' } },
    });
    await run.printed('ticket created');
    const samples = new PrometheusSamples(await (await fetch(`${base}/metrics`)).text());
    expect(samples.value('popdesk_mails_delivered_total', { kind: 'new' })).toBe(1);
  } finally {
    run.child.kill('SIGTERM');
  }
  const exit = await run.exit;
  expect(exit.code, exit.stderr).toBe(0);
});

test('a one-shot command opens no listener, even where the configured port is taken', async () => {
  const blocker = popdesk(['start', '--config', await env.configFile('blocker', { http: { port: 0 } })]);
  try {
    await blocker.printed(READY_LINE);
    const taken = Number(listenerAddress(blocker.output.stdout).split(':')[1]);
    const config = await env.configFile('one-shot', { http: { port: taken } });
    const result = await popdesk(['poll-once', '--config', config]).exit;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(READY_LINE);

    // `start` on the taken port exits 2 naming the key to change.
    const clash = await popdesk(['start', '--config', config]).exit;
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('http.port');
    expect(clash.stderr).toContain('in use');
  } finally {
    blocker.child.kill('SIGTERM');
    await blocker.exit;
  }
});
