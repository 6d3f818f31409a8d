import type { TicketState } from '../helpdesk-adapter.js';

/** RT's statuses that mean "done"; RT's default lifecycle has `resolved` and `rejected`. */
export const DEFAULT_CLOSED_STATUSES: readonly string[] = ['resolved', 'rejected'];

/**
 * A ticket's state from REST2's answer to `GET /ticket/{requestedId}`. RT answers a merged
 * ticket's id with the ticket it was merged into (verified on RT 5.0.3): a different `id` means
 * merged. `deleted` is as good as gone; `closedStatuses` are the lifecycle's inactive statuses;
 * any other status takes replies. Pure.
 *
 * @param ticket the parsed JSON body, or undefined for a 404.
 */
export function ticketStateFromRt(
  requestedId: string,
  ticket: unknown,
  closedStatuses: readonly string[],
): TicketState {
  if (ticket === undefined) return { kind: 'missing' };
  const id = readId(ticket);
  const status = readStatus(ticket);
  if (id === undefined || status === undefined) return { kind: 'missing' };
  if (id !== normaliseId(requestedId)) return { kind: 'merged', into: id };
  if (status === 'deleted') return { kind: 'missing' };
  return closedStatuses.includes(status) ? { kind: 'closed' } : { kind: 'open' };
}

/** The `id` of a REST2 record, as a string without leading zeros. */
export function readId(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object' || !('id' in record)) return undefined;
  const { id } = record;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return String(id);
  if (typeof id === 'string' && /^\d+$/.test(id)) return normaliseId(id);
  return undefined;
}

function readStatus(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object' || !('Status' in record)) return undefined;
  return typeof record.Status === 'string' ? record.Status.toLowerCase() : undefined;
}

function normaliseId(id: string): string {
  return id.replace(/^0+(?=\d)/, '');
}
