import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { groupSetupChecks, readGroups } from '../shared/group-setup-check.js';
import type { ZendeskClient } from './zendesk-client.js';

/**
 * `GET /api/v2/users/me.json` proves the email and API token (an anonymous user, id null, means
 * they were not taken); `GET /api/v2/groups.json` whether the default and routed group ids
 * exist. Creates nothing.
 */
export async function checkZendeskSetup(
  api: ZendeskClient,
  groupIds: readonly string[],
): Promise<HelpdeskSetupCheck[]> {
  const me = await api.call({ method: 'GET', path: '/api/v2/users/me.json' });
  const user = (me.body as { user?: { id?: unknown; email?: unknown } } | undefined)?.user;
  if (user?.id === null || user?.id === undefined) {
    return [
      {
        what: 'auth',
        ok: false,
        detail: 'Zendesk answered as an anonymous user: the email and API token were not accepted',
        fix: 'check helpdesk.email and helpdesk.apiToken (or helpdesk.apiTokenFile), and that token access is enabled',
      },
    ];
  }
  const checks: HelpdeskSetupCheck[] = [
    {
      what: 'auth',
      ok: true,
      detail: `API token accepted${typeof user.email === 'string' ? ` (${user.email})` : ''}`,
    },
  ];
  if (groupIds.length === 0) return checks;
  const groups = await api.call({ method: 'GET', path: '/api/v2/groups.json?per_page=100' });
  const list = (groups.body as { groups?: unknown } | undefined)?.groups;
  return [...checks, ...groupSetupChecks('Zendesk', groupIds, readGroups(list), 'id')];
}
