import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type RequestTrackerServer,
  startRequestTracker,
} from '../../../dev/servers/request-tracker-server.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { type PopdeskExit, popdesk } from '../../support/popdesk-cli.js';

let env: PipelineEnvironment;
let rt: RequestTrackerServer;

beforeAll(async () => {
  [env, rt] = await Promise.all([startPipelineEnvironment(), startRequestTracker()]);
  await rt.createQueue('Sales');
}, 300_000);
afterAll(async () => {
  await env?.stop();
  await rt?.stop();
});

/** `popdesk check` against the tests' RT, with the routing rule sending sales mail to the Sales queue. */
async function check(name: string, helpdesk: Record<string, unknown> = {}): Promise<PopdeskExit> {
  const path = await env.configFile(name, {
    helpdesk: {
      type: 'rt',
      url: rt.url,
      token: rt.token,
      rtname: rt.rtname,
      defaultQueue: 'General',
      ...helpdesk,
    },
    routing: { rules: [{ name: 'sales', match: { to: 'sales@example.com' }, route: { target: 'Sales' } }] },
  });
  return popdesk(['check', '--config', path]).exit;
}

function line(stdout: string, name: string): string {
  const found = stdout.split('\n').find((candidate) => candidate.slice(5).startsWith(`${name}:`));
  if (found === undefined) throw new Error(`no line for ${name} in:\n${stdout}`);
  return found;
}

test('RT set up as docs/helpdesks/rt.md says: auth and every routed queue with its custom fields pass', async () => {
  const { code, stdout } = await check('rt-passing');
  expect(code, stdout).toBe(0);
  expect(line(stdout, 'helpdesk rt: auth')).toMatch(/^ok /);
  expect(line(stdout, 'helpdesk rt: queue General')).toMatch(/^ok .*"Message-ID" on tickets/);
  expect(line(stdout, 'helpdesk rt: queue Sales')).toMatch(/^ok /);
}, 120_000);

test('a wrong RT token fails the auth line and names the config key to fix', async () => {
  const { code, stdout } = await check('rt-wrong-token', { token: 'not-a-valid-rt-token' });
  expect(code).toBe(1);
  const auth = line(stdout, 'helpdesk rt: auth');
  expect(auth).toMatch(/^FAIL .*answered 401/);
  expect(auth).toContain('fix: check helpdesk.token');
  expect(stdout).not.toContain('not-a-valid-rt-token');
}, 120_000);

test('a missing Message-ID custom field fails for every queue, passes once the field exists', async () => {
  const missing = await check('rt-missing-field', { replyMessageIdField: 'Reply-Message-ID' });
  expect(missing.code).toBe(1);
  for (const queue of ['General', 'Sales']) {
    const printed = line(missing.stdout, `helpdesk rt: queue ${queue}`);
    expect(printed).toMatch(/^FAIL .*lacks transaction custom field "Reply-Message-ID"/);
    expect(printed).toContain('docs/helpdesks/rt.md');
  }
  await rt.createCustomField('Reply-Message-ID', 'transaction');
  const fixed = await check('rt-field-created', { replyMessageIdField: 'Reply-Message-ID' });
  expect(fixed.code, fixed.stdout).toBe(0);
}, 120_000);
