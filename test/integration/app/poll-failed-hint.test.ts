import { afterAll, beforeAll, expect, test } from 'vitest';
import { waitUntil } from '../../support/eventually.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';

let env: PipelineEnvironment;

beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

test("a scheduled poll that fails on Dovecot's self-signed certificate logs the fix as hint", async () => {
  const [mailbox] = env.configData().mailboxes as Array<Record<string, unknown>>;
  const { caFile: _trusted, ...untrusted } = mailbox as Record<string, unknown>;
  const app = await env.app({ overrides: { mailboxes: [untrusted] } });
  await app.startPoller();
  const failed = () =>
    env.logs
      .map((line) => JSON.parse(line) as { msg?: string; hint?: string })
      .find((entry) => entry.msg === 'poll failed');
  expect(await waitUntil(() => failed() !== undefined)).toBe(true);
  expect(failed()?.hint).toBe(
    'the certificate is self-signed or from a private CA: set ca: (or caFile:) or NODE_EXTRA_CA_CERTS',
  );
}, 60_000);
