import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { groupSetupChecks, readGroups } from '../shared/group-setup-check.js';
import type { FreshdeskClient } from './freshdesk-client.js';

/**
 * `GET /api/v2/ticket_fields` proves the API key and shows whether `messageIdField` exists as a
 * custom ticket field; `GET /api/v2/groups` whether the default and routed group ids do.
 * Creates nothing.
 */
export async function checkFreshdeskSetup(
  api: FreshdeskClient,
  messageIdField: string | undefined,
  groupIds: readonly string[],
): Promise<HelpdeskSetupCheck[]> {
  const fields = await api.call({ method: 'GET', path: '/api/v2/ticket_fields' });
  const checks: HelpdeskSetupCheck[] = [{ what: 'auth', ok: true, detail: 'API key accepted' }];
  if (messageIdField !== undefined) {
    const names = Array.isArray(fields.body)
      ? fields.body.map((field: unknown) => (field as { name?: unknown } | null)?.name)
      : [];
    checks.push(
      names.includes(messageIdField)
        ? { what: `field ${messageIdField}`, ok: true, detail: 'the Message-ID custom field exists' }
        : {
            what: `field ${messageIdField}`,
            ok: false,
            detail:
              'Freshdesk has no such custom ticket field: Message-IDs would not be stored, so replies are not threaded by them',
            fix: 'create a single-line text ticket field and set helpdesk.messageIdField to its cf_ name (docs/helpdesks/freshdesk.md)',
          },
    );
  }
  if (groupIds.length === 0) return checks;
  const groups = await api.call({ method: 'GET', path: '/api/v2/groups?per_page=100' });
  return [...checks, ...groupSetupChecks('Freshdesk', groupIds, readGroups(groups.body), 'id')];
}
