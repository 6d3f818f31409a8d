import type { AxiosInstance } from 'axios';
import { senderOf } from '../../mail/index.js';
import type { HelpdeskAdapter, TicketRequest, TicketResult, TicketState } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { parseJson } from '../shared/http-text-answer.js';
import { asRecord, readArray, readNumber } from '../shared/json-fields.js';
import { numericTicketPath } from '../shared/numeric-ids.js';
import type { OutgoingFile } from '../shared/ticket-files.js';
import { auditsHoldMessage } from './zendesk-audit-lookup.js';
import { ZendeskClient, zendeskErrorCode } from './zendesk-client.js';
import { type ZendeskLocation, zendeskBaseUrl } from './zendesk-location.js';
import {
  buildZendeskNote,
  buildZendeskReply,
  buildZendeskTicket,
  type ZendeskNewTicket,
  zendeskFiles,
} from './zendesk-payload.js';
import { checkZendeskSetup } from './zendesk-setup-check.js';
import { zendeskTicketState } from './zendesk-ticket-state.js';
import { zendeskUserId } from './zendesk-user.js';

/**
 * Largest file popdesk uploads by default. Zendesk's help center states a 50 MB attachment limit;
 * the API reference for uploads names none, so this is configurable.
 */
export const ZENDESK_MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** Settings for {@link ZendeskAdapter}. */
export type ZendeskAdapterOptions = ZendeskLocation & {
  /** The agent the API token acts as. */
  readonly email: string;
  /** An API token (Admin Center > Apps and integrations > Zendesk API). */
  readonly apiToken: string;
  /** Group for tickets whose route names none; unset leaves Zendesk's own routing. */
  readonly defaultGroupId?: number;
  /**
   * Subject tag naming a ticket, first capture group = id. Zendesk puts none in its default
   * notifications, so there is no default; set one that matches your triggers' subjects.
   */
  readonly subjectPattern?: RegExp;
  /** Largest single file uploaded. Default 50 MiB. */
  readonly maxAttachmentBytes?: number;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch, for Retry-After dates. */
  readonly now: () => number;
};

/**
 * Zendesk Support API (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/).
 * A mail becomes a ticket whose first comment is the mail, from a requester made from its
 * sender; its files are uploaded first (`POST /api/v2/uploads`, one token each) and attached to
 * that comment together with `original-headers.txt`. The ticket's `external_id` is the mail's
 * Message-ID, so `findTicketByMessageId` lists tickets by it (List Tickets, `external_id`), and
 * the create carries the mail's idempotency key as `Idempotency-Key` (Support API introduction,
 * "Idempotency", kept two hours).
 *
 * A reply is a public comment (`PUT /api/v2/tickets/{id}`) whose `author_id` is the sender's user,
 * found by email or created; its `metadata` records the Message-ID in the audit, and a reply
 * whose Message-ID an audit of the ticket already holds is not added twice. A closed ticket takes
 * no update: the reply becomes a follow-up ticket (`via_followup_source_id`) by the sender instead.
 *
 * A note (an auto-reply, a bounce) is a private comment by the API agent on the same update,
 * recorded and recognised by its Message-ID the same way.
 */
export class ZendeskAdapter implements HelpdeskAdapter {
  readonly name = 'zendesk';
  private readonly api: ZendeskClient;
  private readonly maxAttachmentBytes: number;

  constructor(private readonly options: ZendeskAdapterOptions) {
    this.api = new ZendeskClient({
      baseUrl: zendeskBaseUrl(options),
      email: options.email,
      apiToken: options.apiToken,
      timeoutMs: options.timeoutMs,
      http: options.http,
      now: options.now,
    });
    this.maxAttachmentBytes = options.maxAttachmentBytes ?? ZENDESK_MAX_ATTACHMENT_BYTES;
  }

  /** For `popdesk check`: the API token and the groups (see {@link checkZendeskSetup}). */
  checkSetup(targets: readonly string[]): Promise<HelpdeskSetupCheck[]> {
    const groups = [
      ...(this.options.defaultGroupId !== undefined ? [String(this.options.defaultGroupId)] : []),
      ...targets,
    ];
    return checkZendeskSetup(this.api, groups);
  }

  async createTicket(request: TicketRequest): Promise<TicketResult> {
    const { files, omitted } = zendeskFiles(request, this.maxAttachmentBytes);
    const uploads = await this.upload(files);
    const body = buildZendeskTicket(request, uploads, omitted, this.settings());
    return { ticketId: await this.postTicket(body, request) };
  }

  async addReply(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    const sender = senderOf(request.mail);
    if (sender === undefined) {
      throw new HelpdeskError('the mail names no sender (From or Reply-To), so it has no Zendesk author', {
        retryable: false,
      });
    }
    const ticket = await this.existingTicket(ticketId, 'reply');
    // Checked first: the reply may have landed just before the ticket was closed.
    if (await auditsHoldMessage(this.api, ticketPath(ticketId), request.mail.messageId)) return { ticketId };
    const authorId = await zendeskUserId(this.api, sender);
    if (ticket.status === 'closed') return this.followUp(ticketId, ticket, authorId, request);
    const { files, omitted } = zendeskFiles(request, this.maxAttachmentBytes);
    const uploads = await this.upload(files);
    await this.api.call({
      method: 'put',
      path: `/api/v2/tickets/${ticketPath(ticketId)}.json`,
      json: buildZendeskReply(request, uploads, omitted, authorId, this.settings()),
    });
    return { ticketId };
  }

  /**
   * An internal note (`public: false`) by the API agent, with no status change; a Message-ID an
   * audit already holds is not added twice, as for replies. A closed ticket takes no update at
   * all, so a note on one fails for good (the worker notes open tickets only).
   */
  async addNote(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    const ticket = await this.existingTicket(ticketId, 'note');
    if (await auditsHoldMessage(this.api, ticketPath(ticketId), request.mail.messageId)) return { ticketId };
    if (ticket.status === 'closed') {
      throw new HelpdeskError(`Zendesk ticket ${ticketId} is closed and takes no note`, { retryable: false });
    }
    const { files, omitted } = zendeskFiles(request, this.maxAttachmentBytes);
    const uploads = await this.upload(files);
    await this.api.call({
      method: 'put',
      path: `/api/v2/tickets/${ticketPath(ticketId)}.json`,
      json: buildZendeskNote(request, uploads, omitted, this.settings()),
    });
    return { ticketId };
  }

  /** The oldest ticket whose `external_id` is this Message-ID: a first message or a follow-up popdesk opened. */
  async findTicketByMessageId(messageId: string): Promise<string | undefined> {
    const answer = await this.api.call({
      method: 'get',
      path: `/api/v2/tickets.json?external_id=${encodeURIComponent(messageId)}`,
    });
    const ids = readArray(answer.body, 'tickets')
      .filter((ticket) => asRecord(ticket)?.external_id === messageId)
      .map((ticket) => readNumber(ticket, 'id'))
      .filter((id): id is number => id !== undefined);
    return ids.length === 0 ? undefined : String(Math.min(...ids));
  }

  async ticketFromSubject(subject: string): Promise<string | undefined> {
    const pattern = this.options.subjectPattern;
    const id = pattern === undefined ? undefined : pattern.exec(subject)?.[1];
    if (id === undefined || !/^\d+$/.test(id)) return undefined;
    return (await this.ticket(id)) === undefined ? undefined : id;
  }

  async ticketState(ticketId: string): Promise<TicketState> {
    const ticket = await this.ticket(ticketId);
    return ticket === undefined ? { kind: 'missing' } : zendeskTicketState(ticket);
  }

  /**
   * Sets a solved ticket back to open. A closed ticket cannot be changed at all; it is left as it
   * is, and the reply that follows becomes a follow-up ticket in {@link addReply}.
   */
  async reopenTicket(ticketId: string): Promise<void> {
    const ticket = await this.ticket(ticketId);
    if (ticket === undefined || ticket.status === 'closed') return;
    await this.api.call({
      method: 'put',
      path: `/api/v2/tickets/${ticketPath(ticketId)}.json`,
      json: { ticket: { status: 'open' } },
    });
  }

  private settings() {
    return { defaultGroupId: this.options.defaultGroupId, maxAttachmentBytes: this.maxAttachmentBytes };
  }

  /** Creates the ticket; a key Zendesk already used for other tokens means an earlier try got through. */
  private async postTicket(body: ZendeskNewTicket, request: TicketRequest): Promise<string> {
    try {
      const answer = await this.api.call({
        method: 'post',
        path: '/api/v2/tickets.json',
        json: body,
        idempotencyKey: request.idempotencyKey,
      });
      const id = readNumber(asRecord(answer.body)?.ticket, 'id');
      if (id === undefined) {
        throw new HelpdeskError('Zendesk accepted the ticket but its answer has no ticket id', {
          retryable: false,
        });
      }
      return String(id);
    } catch (error) {
      // A retry uploads the files again, so its body differs from the first try's and Zendesk
      // refuses the reused key (400 IdempotentRequestError): the first try created the ticket.
      if (
        !(error instanceof HelpdeskError) ||
        error.status !== 400 ||
        zendeskErrorCode(parseJson(error.responseBody)) !== 'IdempotentRequestError'
      ) {
        throw error;
      }
      const existing = await this.findTicketByMessageId(request.mail.messageId);
      if (existing !== undefined) return existing;
      throw new HelpdeskError('Zendesk saw this idempotency key before, but no ticket carries the mail yet', {
        status: 400,
        retryable: true,
        ...(error.responseBody !== undefined ? { responseBody: error.responseBody } : {}),
        cause: error,
      });
    }
  }

  /** A follow-up of a closed ticket by the sender's user, unless an earlier try opened it already. */
  private async followUp(closedId: string, closed: object, authorId: number, request: TicketRequest) {
    const existing = await this.findTicketByMessageId(request.mail.messageId);
    if (existing !== undefined) return { ticketId: existing };
    const { files, omitted } = zendeskFiles(request, this.maxAttachmentBytes);
    const sourceTags = readArray(closed, 'tags').filter((tag): tag is string => typeof tag === 'string');
    const followUp = { sourceId: Number(ticketPath(closedId)), authorId, sourceTags };
    const body = buildZendeskTicket(request, await this.upload(files), omitted, this.settings(), followUp);
    return { ticketId: await this.postTicket(body, request) };
  }

  /** The ticket a reply or note goes to; one Zendesk does not have is a permanent 404. */
  private async existingTicket(ticketId: string, what: 'reply' | 'note'): Promise<{ status?: unknown }> {
    const ticket = await this.ticket(ticketId);
    if (ticket === undefined) {
      throw new HelpdeskError(`Zendesk has no ticket ${ticketId} to add the ${what} to`, {
        status: 404,
        retryable: false,
      });
    }
    return ticket;
  }

  private async ticket(ticketId: string): Promise<{ status?: unknown } | undefined> {
    const answer = await this.api.call({
      method: 'get',
      path: `/api/v2/tickets/${ticketPath(ticketId)}.json`,
      accept: [404],
    });
    return answer.status === 404 ? undefined : (asRecord(asRecord(answer.body)?.ticket) ?? {});
  }

  /** Uploads each file on its own and returns the tokens in order. */
  private async upload(files: readonly OutgoingFile[]): Promise<string[]> {
    const tokens: string[] = [];
    for (const file of files) {
      const answer = await this.api.call({
        method: 'post',
        path: `/api/v2/uploads.json?filename=${encodeURIComponent(file.filename)}`,
        binary: { content: file.content, contentType: file.contentType },
      });
      const token = asRecord(asRecord(answer.body)?.upload)?.token;
      if (typeof token !== 'string' || token === '') {
        throw new HelpdeskError(`Zendesk accepted the upload of ${file.filename} but returned no token`, {
          retryable: false,
        });
      }
      tokens.push(token);
    }
    return tokens;
  }
}

/** A ticket id as a path segment; ids popdesk stores are Zendesk's own numbers. */
function ticketPath(ticketId: string): string {
  return numericTicketPath('Zendesk', ticketId);
}
