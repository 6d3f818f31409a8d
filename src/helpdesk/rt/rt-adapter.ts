import type { AxiosInstance } from 'axios';
import type { HelpdeskAdapter, TicketRequest, TicketResult, TicketState } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { type RtAuth, RtClient } from './rt-client.js';
import {
  buildComment,
  buildCorrespond,
  buildTicketCreate,
  DEFAULT_RT_PRIORITIES,
  type RtCorrespond,
  type RtFieldIds,
  type RtPriorities,
} from './rt-payload.js';
import { queueSetupCheck, type RtFieldNames, type RtQueueSetup, readQueueSetup } from './rt-queue-setup.js';
import { parseSubjectTag } from './rt-subject-tag.js';
import { messageIdQuery } from './rt-ticket-sql.js';
import { DEFAULT_CLOSED_STATUSES, readId, ticketStateFromRt } from './rt-ticket-state.js';

/** Settings for {@link RtAdapter}. */
export interface RtAdapterOptions {
  /** RT's base URL (`https://rt.example.com`, or with its WebPath: `https://example.com/rt`). */
  readonly url: string;
  readonly auth: RtAuth;
  /** The queue (name or id) for mails whose route names none. */
  readonly defaultQueue: string;
  /** RT's `$rtname`, for subject tags `[rtname #123]`. */
  readonly rtname: string;
  /** Ticket custom field holding the Message-ID of the mail that opened the ticket. Default `Message-ID`. */
  readonly messageIdField?: string;
  /** Transaction custom field holding a reply's Message-ID. Default: the same name as `messageIdField`. */
  readonly replyMessageIdField?: string;
  /** Ticket custom field (multiple values) for the route's tags; without it tags are dropped. */
  readonly tagsField?: string;
  /** RT priority numbers for popdesk's priorities. Default {@link DEFAULT_RT_PRIORITIES}. */
  readonly priorities?: RtPriorities;
  /** Statuses after which a reply needs a reopen. Default `resolved`, `rejected`. */
  readonly closedStatuses?: readonly string[];
  /** The status `reopenTicket` sets. Default `open`. */
  readonly reopenStatus?: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch, for Retry-After dates. */
  readonly now: () => number;
}

/**
 * Request Tracker 5 through its REST2 API, as documented in the RT::REST2 POD
 * (https://docs.bestpractical.com/rt/5.0.3/RT/REST2.html, bestpractical/rt `lib/RT/REST2.pm`:
 * "Creating Tickets", "Replying/Commenting Tickets" with `TxnCustomFields`, "Add Attachments",
 * "Object Custom Field Values", `GET /tickets?query=<TicketSQL>`), TicketSQL as in
 * https://docs.bestpractical.com/rt/5.0.3/query_builder.html (`docs/query_builder.pod`).
 * docs/helpdesks/rt.md has the RT setup and what was verified against RT 5.0.3.
 *
 * - `createTicket`: `POST /ticket` with requestor, Cc, priority, body and attachments; the
 *   mail's Message-ID goes into the ticket custom field in the same database transaction that
 *   creates the ticket.
 * - `addReply`: `POST /ticket/{id}/correspond` on the ticket a merge led to; the reply's
 *   Message-ID goes into the transaction custom field, which REST2 sets right after the
 *   correspondence (a second database transaction).
 * - `addNote`: the same as a `POST /ticket/{id}/comment`, RT's private transaction.
 * - `findTicketByMessageId`: one TicketSQL search over both fields, merged tickets included,
 *   answering the ticket that survived the merge. That lookup, run by the worker before posting,
 *   is what makes a retry after a lost answer safe: RT itself de-duplicates nothing.
 * - Before the first post to a queue, the adapter checks (`GET /queue/{name}`) that the queue
 *   exists and has the custom fields, and remembers the field ids: RT silently ignores a value for
 *   a field that does not exist, which would quietly turn off the duplicate check.
 */
export class RtAdapter implements HelpdeskAdapter {
  readonly name = 'rt';
  private readonly rest: RtClient;
  private readonly fieldNames: RtFieldNames;
  private readonly priorities: RtPriorities;
  private readonly closedStatuses: readonly string[];
  /** Verified queue setups by queue name or id; a failed check is forgotten, so it runs again. */
  private readonly queues = new Map<string, Promise<RtQueueSetup>>();

  constructor(private readonly options: RtAdapterOptions) {
    if (options.rtname.trim() === '') throw new TypeError('RtAdapter: rtname must not be empty');
    if (options.defaultQueue.trim() === '') throw new TypeError('RtAdapter: defaultQueue must not be empty');
    this.rest = new RtClient(options);
    const messageId = options.messageIdField ?? 'Message-ID';
    this.fieldNames = {
      messageId,
      replyMessageId: options.replyMessageIdField ?? messageId,
      ...(options.tagsField !== undefined ? { tags: options.tagsField } : {}),
    };
    this.priorities = options.priorities ?? DEFAULT_RT_PRIORITIES;
    this.closedStatuses = (options.closedStatuses ?? DEFAULT_CLOSED_STATUSES).map((s) => s.toLowerCase());
  }

  async createTicket(request: TicketRequest): Promise<TicketResult> {
    const setup = await this.queueSetup(request.route.target ?? this.options.defaultQueue);
    const body = buildTicketCreate(request, {
      queue: setup.queueId,
      fields: setup.fields,
      priorities: this.priorities,
    });
    const { body: created } = await this.rest.send({ method: 'POST', path: '/ticket', body });
    const ticketId = readId(created);
    if (ticketId === undefined) {
      throw new HelpdeskError('RT created the ticket but its answer has no id', {
        retryable: false,
        responseBody: JSON.stringify(created ?? null).slice(0, 4096),
      });
    }
    return { ticketId };
  }

  async addReply(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    return this.addTransaction(ticketId, 'correspond', (fields) => buildCorrespond(request, fields));
  }

  /**
   * `POST /ticket/{id}/comment`: RT's comments are private (see {@link buildComment}); the ticket's
   * status is not touched. A retried note is caught like a reply, by its Message-ID in the
   * transaction custom field.
   */
  async addNote(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    return this.addTransaction(ticketId, 'comment', (fields) => buildComment(request, fields));
  }

  async findTicketByMessageId(messageId: string): Promise<string | undefined> {
    const { body } = await this.rest.send({
      method: 'GET',
      path: '/tickets',
      query: {
        query: messageIdQuery(messageId, this.fieldNames.messageId, this.fieldNames.replyMessageId),
        fields: 'EffectiveId',
        orderby: 'id',
        order: 'ASC',
        per_page: '1',
      },
    });
    const first = firstItem(body);
    if (first === undefined) return undefined;
    return readEffectiveId(first) ?? readId(first);
  }

  async ticketFromSubject(subject: string): Promise<string | undefined> {
    const id = parseSubjectTag(subject, this.options.rtname);
    if (id === undefined) return undefined;
    const state = ticketStateFromRt(id, await this.getTicket(id), this.closedStatuses);
    return state.kind === 'missing' ? undefined : id;
  }

  async ticketState(ticketId: string): Promise<TicketState> {
    return ticketStateFromRt(ticketId, await this.getTicket(ticketId), this.closedStatuses);
  }

  async reopenTicket(ticketId: string): Promise<void> {
    const status = this.options.reopenStatus ?? 'open';
    if (!/^\d+$/.test(ticketId)) {
      throw new HelpdeskError(`"${ticketId}" is not an RT ticket id`, { retryable: false });
    }
    const { body } = await this.rest.send({
      method: 'PUT',
      path: `/ticket/${encodeURIComponent(ticketId)}`,
      body: { Status: status },
    });
    // REST2 answers 200 with a list of messages even when RT refused the change: look.
    const state = await this.ticketState(ticketId);
    if (state.kind === 'closed' || state.kind === 'missing') {
      throw new HelpdeskError(`RT did not reopen ticket ${ticketId} (status "${status}")`, {
        status: 200,
        retryable: false,
        responseBody: JSON.stringify(body ?? null).slice(0, 4096),
      });
    }
  }

  /** Adds a correspondence or comment to the ticket, or to the one it was merged into. */
  private async addTransaction(
    ticketId: string,
    kind: 'correspond' | 'comment',
    build: (fields: RtFieldIds) => RtCorrespond,
  ): Promise<TicketResult> {
    const ticket = await this.getTicket(ticketId);
    if (ticket === undefined) {
      const what = kind === 'comment' ? 'note' : 'reply';
      throw new HelpdeskError(`RT has no ticket ${ticketId} to add the ${what} to`, {
        status: 404,
        retryable: false,
      });
    }
    // GET answers a merged ticket with the one it was merged into: the transaction goes there.
    const target = readId(ticket) ?? ticketId;
    const setup = await this.queueSetup(readQueueRef(ticket) ?? this.options.defaultQueue);
    await this.rest.send({
      method: 'POST',
      path: `/ticket/${encodeURIComponent(target)}/${kind}`,
      body: build(setup.fields),
    });
    return { ticketId: target };
  }

  /** `GET /ticket/{id}`: the ticket (the merge survivor for a merged id), undefined for a 404. */
  private async getTicket(ticketId: string): Promise<unknown> {
    if (!/^\d+$/.test(ticketId)) return undefined;
    const { status, body } = await this.rest.send({
      method: 'GET',
      path: `/ticket/${ticketId}`,
      notFoundIsAnswer: true,
    });
    return status === 404 ? undefined : body;
  }

  /**
   * `GET /queues/all` proves the credentials (RT answers 401 otherwise); then, for the default
   * queue and each routed one, `GET /queue/{name}`: that it exists for popdesk's user and has
   * the custom fields popdesk writes (see {@link readQueueSetup}). Creates nothing.
   */
  async checkSetup(targets: readonly string[]): Promise<HelpdeskSetupCheck[]> {
    await this.rest.send({ method: 'GET', path: '/queues/all' });
    const checks: HelpdeskSetupCheck[] = [
      { what: 'auth', ok: true, detail: "RT accepted popdesk's credentials" },
    ];
    for (const queue of new Set([this.options.defaultQueue, ...targets])) {
      checks.push(await this.checkQueueSetup(queue));
    }
    return checks;
  }

  private async checkQueueSetup(queue: string): Promise<HelpdeskSetupCheck> {
    const what = `queue ${queue}`;
    let answer: { status: number; body: unknown };
    try {
      answer = await this.rest.send({
        method: 'GET',
        path: `/queue/${encodeURIComponent(queue)}`,
        notFoundIsAnswer: true,
      });
    } catch (error) {
      // REST2 answers 403 both for a queue the user may not see and for one that does not exist.
      if (error instanceof HelpdeskError && error.status === 403) {
        return {
          what,
          ok: false,
          detail: `RT answered 403: the queue does not exist or popdesk's user may not see it`,
          fix: "create the queue, or grant popdesk's user SeeQueue, CreateTicket and ReplyToTicket on it (docs/helpdesks/rt.md)",
        };
      }
      throw error;
    }
    return queueSetupCheck(queue, answer.status === 404 ? undefined : answer.body, this.fieldNames);
  }

  private queueSetup(queue: string): Promise<RtQueueSetup> {
    const known = this.queues.get(queue);
    if (known !== undefined) return known;
    const checking = this.checkQueue(queue);
    this.queues.set(queue, checking);
    checking.catch(() => this.queues.delete(queue));
    return checking;
  }

  private async checkQueue(queue: string): Promise<RtQueueSetup> {
    const { status, body } = await this.rest.send({
      method: 'GET',
      path: `/queue/${encodeURIComponent(queue)}`,
      notFoundIsAnswer: true,
    });
    if (status === 404) {
      throw new HelpdeskError(`RT has no queue "${queue}" that popdesk's user can see`, {
        status: 404,
        retryable: false,
        responseBody: JSON.stringify(body ?? null).slice(0, 4096),
      });
    }
    const setup = readQueueSetup(body, this.fieldNames);
    if ('missing' in setup) {
      throw new HelpdeskError(
        `RT queue "${queue}" lacks ${setup.missing.join(', ')}: create and apply them as docs/helpdesks/rt.md says`,
        { retryable: false },
      );
    }
    return setup;
  }
}

function readQueueRef(ticket: unknown): string | undefined {
  if (ticket === null || typeof ticket !== 'object' || !('Queue' in ticket)) return undefined;
  return readId(ticket.Queue);
}

function firstItem(collection: unknown): unknown {
  if (collection === null || typeof collection !== 'object' || !('items' in collection)) return undefined;
  return Array.isArray(collection.items) ? (collection.items[0] as unknown) : undefined;
}

function readEffectiveId(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || !('EffectiveId' in item)) return undefined;
  const effective = item.EffectiveId;
  if (typeof effective === 'string' && /^[1-9]\d*$/.test(effective)) return effective;
  return readId(effective);
}
