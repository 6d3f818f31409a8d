import axios from 'axios';
import { expect, test } from 'vitest';
import { createHelpdeskAdapter } from '../../../src/app/create-helpdesk-adapter.js';
import { parseConfigObject } from '../../../src/config/index.js';

const mailboxes = [{ id: 'support', host: 'pop.example.com', username: 'u@example.com', password: 'pw' }];

test.each([
  ['webhook', { type: 'webhook', url: 'https://hooks.example.com/t', secret: '0123456789abcdef' }],
  ['rt', { type: 'rt', url: 'https://rt.example.com', token: 'rt-token', rtname: 'example.com' }],
  ['zammad', { type: 'zammad', url: 'https://zammad.example.com', token: 'z-token', defaultGroup: 'Users' }],
  [
    'osticket',
    { type: 'osticket', url: 'https://help.example.com/api', apiKey: 'ABCDEF0123456789ABCDEF0123456789' },
  ],
  ['freshdesk', { type: 'freshdesk', domain: 'acme', apiKey: 'fd-key' }],
  ['zendesk', { type: 'zendesk', subdomain: 'acme', email: 'agent@example.com', apiToken: 'zd-token' }],
])('helpdesk.type %s builds its adapter from a validated config', async (name, helpdesk) => {
  const config = parseConfigObject({ mailboxes, helpdesk });
  const adapter = await createHelpdeskAdapter(config.helpdesk, axios.create(), () => 0);
  expect(adapter.name).toBe(name);
});

test('a helpdesk credential can come from a file, like every other secret', () => {
  const config = parseConfigObject(
    {
      mailboxes,
      helpdesk: {
        type: 'zammad',
        url: 'https://z.example.com',
        tokenFile: '/run/secrets/z',
        defaultGroup: 'Users',
      },
    },
    {},
    (path) => (path === '/run/secrets/z' ? 'token-from-file\n' : ''),
  );
  expect(config.helpdesk).toHaveProperty('token', 'token-from-file');
});
