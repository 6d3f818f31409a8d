import type { MailAddress } from '../../mail/index.js';
import { HelpdeskError } from '../helpdesk-error.js';
import { asRecord, readArray, readNumber } from '../shared/json-fields.js';
import type { ZendeskClient } from './zendesk-client.js';

/** The sender's Zendesk user id: found by email (Search Users), or created (Create Or Update User). */
export async function zendeskUserId(api: ZendeskClient, sender: MailAddress): Promise<number> {
  const found = await api.call({
    method: 'get',
    path: `/api/v2/users/search.json?query=${encodeURIComponent(sender.address)}`,
  });
  const match = readArray(found.body, 'users').find(
    (user) => String(asRecord(user)?.email ?? '').toLowerCase() === sender.address,
  );
  const existing = readNumber(match, 'id');
  if (existing !== undefined) return existing;
  const created = await api.call({
    method: 'post',
    path: '/api/v2/users/create_or_update.json',
    json: { user: { email: sender.address, name: sender.name === '' ? sender.address : sender.name } },
  });
  const id = readNumber(asRecord(created.body)?.user, 'id');
  if (id === undefined) {
    throw new HelpdeskError('Zendesk created the user but its answer has no id', { retryable: false });
  }
  return id;
}
