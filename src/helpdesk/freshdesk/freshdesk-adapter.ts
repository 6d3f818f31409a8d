import type { AxiosInstance } from 'axios';
import { senderOf } from '../../mail/index.js';
import type { HelpdeskAdapter, TicketRequest, TicketResult, TicketState } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { asRecord, readArray, readNumber } from '../shared/json-fields.js';
import { numericTicketPath } from '../shared/numeric-ids.js';
import { FreshdeskClient } from './freshdesk-client.js';
import { FRESHDESK_STATUS_OPEN, isFreshdeskDoneStatus } from './freshdesk-codes.js';
import { freshdeskHeldAttachmentBytes } from './freshdesk-held-attachments.js';
import {
  DEFAULT_FRESHDESK_SUBJECT_PATTERN,
  messageIdSearchQuery,
  ticketIdInSubject,
} from './freshdesk-lookup.js';
import {
  buildFreshdeskNote,
  buildFreshdeskPrivateNote,
  buildFreshdeskTicket,
  type FreshdeskNoteSettings,
  toFreshdeskForm,
} from './freshdesk-payload.js';
import { checkFreshdeskSetup } from './freshdesk-setup-check.js';

/** Freshdesk's cap on the attachments of one ticket (Create a Ticket, `attachments`). */
export const FRESHDESK_MAX_ATTACHMENT_BYTES = 20 * 1000 * 1000;

/** Where the Freshdesk account is: its domain, or a full base URL (tests, proxies). */
export type FreshdeskLocation =
  | { readonly domain: string; readonly url?: undefined }
  | { readonly url: string; readonly domain?: undefined };

/** Settings for {@link FreshdeskAdapter}. */
export type FreshdeskAdapterOptions = FreshdeskLocation & {
  /** An agent's API key (Profile settings > API key); the agent needs access to the groups used. */
  readonly apiKey: string;
  /** Group for tickets whose route names none; unset leaves Freshdesk's own assignment. */
  readonly defaultGroupId?: number;
  /**
   * API name (`cf_...`) of a single-line text ticket field that receives each mail's Message-ID,
   * so {@link FreshdeskAdapter.findTicketByMessageId} can search for it. Unset: no lookup.
   */
  readonly messageIdField?: string;
  /** Subject tag naming a ticket, first capture group = id. Default `[#123]`. */
  readonly subjectPattern?: RegExp;
  /** Total bytes of files one ticket, its notes included, may carry. Default 20 MB, Freshdesk's limit. */
  readonly maxAttachmentBytes?: number;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch, for Retry-After dates. */
  readonly now: () => number;
};

/** The base URL of a Freshdesk account: `acme` and `acme.freshdesk.com` both give `https://acme.freshdesk.com`. */
export function freshdeskBaseUrl(location: FreshdeskLocation): string {
  if (location.url !== undefined) return location.url.replace(/\/+$/, '');
  const host = location.domain.includes('.') ? location.domain : `${location.domain}.freshdesk.com`;
  return `https://${host}`;
}

/**
 * Freshdesk API v2 (https://developers.freshdesk.com/api/). A mail becomes a ticket created as
 * an email ticket (`source` 1, status Open) from its sender, as multipart with its attachments
 * and an `original-headers.txt` holding the raw header block. A reply becomes a public note
 * marked `incoming` from the sender's contact (Create a Note: `incoming`, `private`, `user_id`),
 * which Freshdesk shows as a customer response; `POST /tickets/{id}/reply` is not used because
 * it sends an agent's answer to the customer. A note (an auto-reply, a bounce) is a private note
 * by the API agent on the same endpoint.
 *
 * Freshdesk tickets have no external id and its API takes no idempotency key. With
 * `messageIdField` set, each ticket stores its Message-ID in that custom field and
 * `findTicketByMessageId` searches it (Filter Tickets: "updates will take a few minutes to get
 * indexed"); the ledger covers the rest. Replies are not deduplicated by Freshdesk: a retry after a
 * lost answer adds the note again (see docs/helpdesks/freshdesk.md).
 */
export class FreshdeskAdapter implements HelpdeskAdapter {
  readonly name = 'freshdesk';
  private readonly api: FreshdeskClient;
  private readonly subjectPattern: RegExp;
  private readonly maxAttachmentBytes: number;

  constructor(private readonly options: FreshdeskAdapterOptions) {
    if (options.messageIdField !== undefined && !/^cf_\w+$/.test(options.messageIdField)) {
      throw new RangeError(
        `messageIdField must be a Freshdesk custom field name (cf_...), got "${options.messageIdField}"`,
      );
    }
    this.api = new FreshdeskClient({
      baseUrl: freshdeskBaseUrl(options),
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs,
      http: options.http,
      now: options.now,
    });
    this.subjectPattern = options.subjectPattern ?? DEFAULT_FRESHDESK_SUBJECT_PATTERN;
    this.maxAttachmentBytes = options.maxAttachmentBytes ?? FRESHDESK_MAX_ATTACHMENT_BYTES;
  }

  /** For `popdesk check`: the API key, the Message-ID field and the groups (see {@link checkFreshdeskSetup}). */
  checkSetup(targets: readonly string[]): Promise<HelpdeskSetupCheck[]> {
    const { defaultGroupId, messageIdField } = this.options;
    const groups = [...(defaultGroupId !== undefined ? [String(defaultGroupId)] : []), ...targets];
    return checkFreshdeskSetup(this.api, messageIdField, groups);
  }

  async createTicket(request: TicketRequest): Promise<TicketResult> {
    const draft = buildFreshdeskTicket(request, {
      defaultGroupId: this.options.defaultGroupId,
      messageIdField: this.options.messageIdField,
      maxAttachmentBytes: this.maxAttachmentBytes,
    });
    const answer = await this.api.call({
      method: 'post',
      path: '/api/v2/tickets',
      form: toFreshdeskForm(draft.fields, draft.files),
    });
    return { ticketId: requireId(answer.body, 'the created ticket') };
  }

  async addReply(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    const sender = senderOf(request.mail);
    const userId = sender === undefined ? undefined : await this.contactId(sender.address);
    const draft = buildFreshdeskNote(request, userId, await this.noteSettings(ticketId));
    await this.api.call({
      method: 'post',
      path: `/api/v2/tickets/${ticketPath(ticketId)}/notes`,
      form: toFreshdeskForm(draft.fields, draft.files),
    });
    return { ticketId };
  }

  /**
   * A private note by the API agent (see `buildFreshdeskPrivateNote`); no status is sent. Like a
   * reply, a note carries nothing Freshdesk could de-duplicate: a retry after a lost answer adds
   * it again.
   */
  async addNote(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    const draft = buildFreshdeskPrivateNote(request, await this.noteSettings(ticketId));
    await this.api.call({
      method: 'post',
      path: `/api/v2/tickets/${ticketPath(ticketId)}/notes`,
      form: toFreshdeskForm(draft.fields, draft.files),
    });
    return { ticketId };
  }

  async findTicketByMessageId(messageId: string): Promise<string | undefined> {
    const field = this.options.messageIdField;
    if (field === undefined) return undefined;
    const query = messageIdSearchQuery(field, messageId);
    if (query === undefined) return undefined;
    const answer = await this.api.call({
      method: 'get',
      path: `/api/v2/search/tickets?query=${encodeURIComponent(query)}`,
    });
    const results = readArray(answer.body, 'results');
    // The search matches words, not whole values: keep only tickets holding exactly this id.
    const ids = results
      .filter((ticket) => asRecord(asRecord(ticket)?.custom_fields)?.[field] === messageId)
      .map((ticket) => readNumber(ticket, 'id'))
      .filter((id): id is number => id !== undefined);
    return ids.length === 0 ? undefined : String(Math.min(...ids));
  }

  async ticketFromSubject(subject: string): Promise<string | undefined> {
    const id = ticketIdInSubject(subject, this.subjectPattern);
    if (id === undefined) return undefined;
    const state = await this.ticketState(id);
    return state.kind === 'missing' ? undefined : id;
  }

  /** Resolved (4) and Closed (5) are closed; a deleted or unknown ticket is missing. */
  async ticketState(ticketId: string): Promise<TicketState> {
    const answer = await this.api.call({
      method: 'get',
      path: `/api/v2/tickets/${ticketPath(ticketId)}`,
      accept: [404],
    });
    if (answer.status === 404 || asRecord(answer.body)?.deleted === true) return { kind: 'missing' };
    const status = readNumber(answer.body, 'status');
    return status !== undefined && isFreshdeskDoneStatus(status) ? { kind: 'closed' } : { kind: 'open' };
  }

  /** Sets the ticket back to Open (2); Freshdesk reopens Resolved and Closed tickets alike. */
  async reopenTicket(ticketId: string): Promise<void> {
    await this.api.call({
      method: 'put',
      path: `/api/v2/tickets/${ticketPath(ticketId)}`,
      json: { status: FRESHDESK_STATUS_OPEN },
    });
  }

  /**
   * A note's attachment budget: Freshdesk's limit is per ticket, so what the ticket and its
   * conversations already hold is read first (two or more GETs per note).
   */
  private async noteSettings(ticketId: string): Promise<FreshdeskNoteSettings> {
    return {
      maxAttachmentBytes: this.maxAttachmentBytes,
      heldAttachmentBytes: await freshdeskHeldAttachmentBytes(this.api, ticketPath(ticketId)),
    };
  }

  /** The id of the contact with this email address, if Freshdesk has one (List All Contacts, `email`). */
  private async contactId(email: string): Promise<number | undefined> {
    const answer = await this.api.call({
      method: 'get',
      path: `/api/v2/contacts?email=${encodeURIComponent(email)}`,
    });
    const contacts = Array.isArray(answer.body) ? answer.body : [];
    return contacts.map((contact) => readNumber(contact, 'id')).find((id) => id !== undefined);
  }
}

/** A ticket id as a path segment; ids popdesk stores are Freshdesk's own numbers. */
function ticketPath(ticketId: string): string {
  return numericTicketPath('Freshdesk', ticketId);
}

function requireId(body: unknown, what: string): string {
  const id = readNumber(body, 'id');
  if (id === undefined) {
    throw new HelpdeskError(`Freshdesk accepted ${what} but its answer has no "id"`, { retryable: false });
  }
  return String(id);
}
