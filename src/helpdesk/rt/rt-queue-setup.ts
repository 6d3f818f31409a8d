import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import type { RtFieldIds } from './rt-payload.js';
import { readId } from './rt-ticket-state.js';

/** The custom field names popdesk is configured with. */
export interface RtFieldNames {
  readonly messageId: string;
  readonly replyMessageId: string;
  readonly tags?: string | undefined;
}

/** A queue as popdesk posts to it: its id and the ids of the custom fields it has. */
export interface RtQueueSetup {
  readonly queueId: string;
  readonly fields: RtFieldIds;
}

/** The queue lacks custom fields popdesk needs; `missing` describes each. */
export interface RtQueueSetupProblem {
  readonly missing: readonly string[];
}

/**
 * Reads REST2's `GET /queue/{name}` answer: the queue's id and, from `TicketCustomFields` and
 * `TicketTransactionCustomFields` (the fields applied to it, globally or to this queue alone),
 * the ids of the Message-ID fields and the tags field. Names are compared without regard to
 * case, as RT loads them. Pure.
 */
export function readQueueSetup(queue: unknown, names: RtFieldNames): RtQueueSetup | RtQueueSetupProblem {
  const queueId = readId(queue);
  const ticketFields = fieldList(queue, 'TicketCustomFields');
  const transactionFields = fieldList(queue, 'TicketTransactionCustomFields');
  const missing: string[] = [];
  if (queueId === undefined) missing.push('the queue id (not a REST2 queue record)');
  const messageId = find(ticketFields, names.messageId);
  if (messageId === undefined) missing.push(`ticket custom field "${names.messageId}"`);
  const replyMessageId = find(transactionFields, names.replyMessageId);
  if (replyMessageId === undefined) missing.push(`transaction custom field "${names.replyMessageId}"`);
  const tags = names.tags === undefined ? undefined : find(ticketFields, names.tags);
  if (names.tags !== undefined && tags === undefined) missing.push(`ticket custom field "${names.tags}"`);
  if (
    queueId === undefined ||
    messageId === undefined ||
    replyMessageId === undefined ||
    missing.length > 0
  ) {
    return { missing };
  }
  return { queueId, fields: { messageId, replyMessageId, ...(tags !== undefined ? { tags } : {}) } };
}

/**
 * `popdesk check`'s verdict on one queue from its `GET /queue/{name}` answer (undefined for a
 * 404): that it exists and has every custom field popdesk writes, or what is missing. Pure.
 */
export function queueSetupCheck(queue: string, answer: unknown, names: RtFieldNames): HelpdeskSetupCheck {
  const what = `queue ${queue}`;
  if (answer === undefined) {
    return {
      what,
      ok: false,
      detail: 'RT has no such queue',
      fix: 'create it in RT, or fix the queue name in the config',
    };
  }
  const setup = readQueueSetup(answer, names);
  if ('missing' in setup) {
    return {
      what,
      ok: false,
      detail: `lacks ${setup.missing.join(', ')}`,
      fix: 'create the custom fields and apply them to this queue (or to all queues) as docs/helpdesks/rt.md says',
    };
  }
  const fields = [`"${names.messageId}" on tickets`, `"${names.replyMessageId}" on transactions`];
  if (names.tags !== undefined) fields.push(`"${names.tags}" on tickets`);
  return { what, ok: true, detail: `exists (id ${setup.queueId}), custom fields ${fields.join(', ')}` };
}

interface FieldRef {
  readonly id: string;
  readonly name: string;
}

function fieldList(queue: unknown, key: string): FieldRef[] {
  if (queue === null || typeof queue !== 'object') return [];
  const list: unknown = (queue as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const id = readId(entry);
    const name =
      entry !== null && typeof entry === 'object' && 'name' in entry && typeof entry.name === 'string'
        ? entry.name
        : undefined;
    return id !== undefined && name !== undefined ? [{ id, name }] : [];
  });
}

function find(fields: readonly FieldRef[], name: string): string | undefined {
  return fields.find((field) => field.name.toLowerCase() === name.toLowerCase())?.id;
}
