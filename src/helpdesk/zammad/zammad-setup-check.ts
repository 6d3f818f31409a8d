import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { groupSetupChecks, readGroups } from '../shared/group-setup-check.js';
import type { ZammadClient } from './zammad-client.js';

/**
 * `GET /api/v1/users/me` proves the token (Zammad answers 401 otherwise); `GET /api/v1/groups`
 * lists the groups the token's user sees, which must include the default group and each routed
 * one, by name. Creates nothing.
 */
export async function checkZammadSetup(
  client: ZammadClient,
  groups: readonly string[],
): Promise<HelpdeskSetupCheck[]> {
  const me = await client.send({ method: 'GET', path: '/api/v1/users/me' });
  const login = (me.data as { login?: unknown } | undefined)?.login;
  const checks: HelpdeskSetupCheck[] = [
    {
      what: 'auth',
      ok: true,
      detail: `token accepted${typeof login === 'string' ? ` (user ${login})` : ''}`,
    },
  ];
  const list = await client.send({ method: 'GET', path: '/api/v1/groups', params: { per_page: '500' } });
  return [...checks, ...groupSetupChecks('Zammad', groups, readGroups(list.data), 'name')];
}
