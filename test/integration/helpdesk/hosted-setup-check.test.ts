import axios from 'axios';
import { afterEach, expect, test } from 'vitest';
import { FreshdeskAdapter } from '../../../src/helpdesk/freshdesk/freshdesk-adapter.js';
import { HelpdeskError } from '../../../src/helpdesk/helpdesk-error.js';
import { ZammadAdapter } from '../../../src/helpdesk/zammad/zammad-adapter.js';
import { ZendeskAdapter } from '../../../src/helpdesk/zendesk/zendesk-adapter.js';
import { startFakeFreshdesk } from '../../support/fake-freshdesk.js';
import { startFakeZammad } from '../../support/fake-zammad.js';
import { startFakeZendesk } from '../../support/fake-zendesk.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
const common = { timeoutMs: 2000, http: axios.create(), now: () => Date.now() };

test('Zammad: the token and every group by name; a group that does not exist fails', async () => {
  const fake = await startFakeZammad({ token: 'zammad-token', groups: ['Users', 'Billing'] });
  closers.push(() => fake.close());
  const adapter = (token: string) =>
    new ZammadAdapter({
      ...common,
      url: fake.url,
      token,
      defaultGroup: 'Users',
      ticketHook: { hook: 'Ticket#', divider: '' },
    });
  const checks = await adapter('zammad-token').checkSetup(['Billing', 'Sales']);
  expect(checks.map((check) => [check.what, check.ok])).toEqual([
    ['auth', true],
    ['group Users', true],
    ['group Billing', true],
    ['group Sales', false],
  ]);
  const refused = await adapter('wrong-token')
    .checkSetup([])
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(HelpdeskError);
  expect((refused as HelpdeskError).status).toBe(401);
});

test('Freshdesk: the API key, the Message-ID field and the group ids', async () => {
  const fake = await startFakeFreshdesk({
    apiKey: 'fd-key',
    groups: [7],
    customFields: ['cf_popdesk_message_id'],
  });
  closers.push(() => fake.close());
  const adapter = (messageIdField: string) =>
    new FreshdeskAdapter({ ...common, url: fake.url, apiKey: 'fd-key', messageIdField, defaultGroupId: 7 });
  const good = await adapter('cf_popdesk_message_id').checkSetup(['8']);
  expect(good.map((check) => [check.what, check.ok])).toEqual([
    ['auth', true],
    ['field cf_popdesk_message_id', true],
    ['group 7', true],
    ['group 8', false],
  ]);
  const [, missing] = await adapter('cf_not_there').checkSetup([]);
  expect(missing).toMatchObject({ what: 'field cf_not_there', ok: false });
});

test('Zendesk: the API token and the group ids; a wrong token is refused', async () => {
  const fake = await startFakeZendesk({
    email: 'popdesk@example.com',
    apiToken: 'zd-token',
    groups: [360001],
  });
  closers.push(() => fake.close());
  const adapter = (apiToken: string) =>
    new ZendeskAdapter({
      ...common,
      url: fake.url,
      email: 'popdesk@example.com',
      apiToken,
      defaultGroupId: 360001,
    });
  const checks = await adapter('zd-token').checkSetup(['42']);
  expect(checks.map((check) => [check.what, check.ok])).toEqual([
    ['auth', true],
    ['group 360001', true],
    ['group 42', false],
  ]);
  const refused = await adapter('wrong')
    .checkSetup([])
    .catch((error: unknown) => error);
  expect((refused as HelpdeskError).status).toBe(401);
});
