import { createServer, type IncomingHttpHeaders } from 'node:http';
import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import { createHelpdeskAdapter } from '../../../src/app/create-helpdesk-adapter.js';
import { helpdeskSchema } from '../../../src/config/helpdesk-schema.js';
import { type ListeningServer, listenLocally, readBody } from '../../support/fake-http-server.js';
import { failure } from '../../unit/helpdesk/helpdesk-failure.js';
import { readFixture } from '../../unit/mail/read-fixture.js';
import { parsedRequest } from './helpdesk-requests.js';

/** In every credential below, so one search of what the second host received finds any of them. */
const CANARY = 'Canary7redirect';
const servers: ListeningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A host that records whatever reaches it and answers 404. */
async function otherHost(): Promise<{ origin: string; received: IncomingHttpHeaders[] }> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then(() => {
      received.push(request.headers);
      response.writeHead(404).end();
    });
  });
  const listening = await listenLocally(server);
  servers.push(listening);
  return { origin: listening.origin, received };
}

/** A helpdesk that answers every request with `status` and a Location on `target`. */
async function redirectingHelpdesk(status: number, target: string): Promise<string> {
  const server = createServer((request, response) => {
    void readBody(request).then(() => {
      response.writeHead(status, { location: `${target}${request.url ?? '/'}` }).end();
    });
  });
  const listening = await listenLocally(server);
  servers.push(listening);
  return listening.origin;
}

/** Each helpdesk's config at `url`, with its credential holding {@link CANARY}. */
const HELPDESKS: Record<string, (url: string) => Record<string, unknown>> = {
  webhook: (url) => ({
    type: 'webhook',
    // The helpdesk echoes this query into its Location, as an http-to-https redirect does.
    url: `${url}/hook?code=${CANARY}-query`,
    secret: `${CANARY}-hmac-0123456789`,
    headers: { 'X-Api-Key': `${CANARY}-header` },
  }),
  osticket: (url) => ({ type: 'osticket', url: `${url}/api`, apiKey: `${CANARY}0123456789ABCDEF0123` }),
  zammad: (url) => ({ type: 'zammad', url, token: `${CANARY}-zammad-token`, defaultGroup: 'Users' }),
  rt: (url) => ({ type: 'rt', url, token: `${CANARY}-rt-token`, rtname: 'example.com' }),
  freshdesk: (url) => ({ type: 'freshdesk', url, apiKey: `${CANARY}-freshdesk` }),
  zendesk: (url) => ({ type: 'zendesk', url, email: 'agent@example.com', apiToken: `${CANARY}-zendesk` }),
};

describe.each(Object.keys(HELPDESKS))('%s adapter against a helpdesk that redirects', (name) => {
  test.each([302, 307, 308])(
    '%i is not followed: the other host receives nothing, and the failure is permanent and names the Location',
    async (status) => {
      const other = await otherHost();
      const origin = await redirectingHelpdesk(status, other.origin);
      const config = helpdeskSchema.parse(HELPDESKS[name]!(origin));
      const adapter = await createHelpdeskAdapter(config, axios.create(), () => Date.now());
      const request = await parsedRequest(readFixture('mixed-pdf-png.eml'), { tags: [] }, 'm-redirect');

      const error = await failure(adapter.createTicket(request));

      expect(other.received).toEqual([]);
      expect(error).toMatchObject({ status, retryable: false });
      expect(error.message).toContain(`a redirect to ${other.origin}/`);
      expect(error.message).not.toContain(CANARY);
    },
  );
});
