import type { AxiosInstance } from 'axios';
import type { HelpdeskAdapter, TicketRequest, TicketResult, TicketState } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { ZammadClient } from './zammad-client.js';
import { zammadCustomerName } from './zammad-customer-name.js';
import {
  buildZammadArticle,
  buildZammadNote,
  buildZammadTicket,
  DEFAULT_ZAMMAD_PRIORITIES,
  type ZammadPriorities,
  zammadCustomerAddress,
} from './zammad-payload.js';
import {
  readArticleMessageIds,
  readMergeTarget,
  readSearchResult,
  readTicket,
  readUser,
  readUsers,
} from './zammad-responses.js';
import { messageIdQuery, ticketNumberQuery } from './zammad-search-query.js';
import { checkZammadSetup } from './zammad-setup-check.js';
import {
  DEFAULT_ZAMMAD_TICKET_HOOK,
  ticketNumbersInSubject,
  type ZammadTicketHook,
} from './zammad-subject-tag.js';

/** How many search hits are checked article by article before giving up. */
const MAX_CANDIDATES = 10;

/** State names of a fresh Zammad (docs.zammad.org api/ticket/states). */
const MERGED_STATE = 'merged';
const REMOVED_STATE = 'removed';
const REOPEN_STATE = 'open';

/** Settings for {@link ZammadAdapter}. */
export interface ZammadAdapterOptions {
  /** Base URL of the Zammad instance, e.g. `https://zammad.example.com`. */
  readonly url: string;
  /** Access token of the agent popdesk acts as. */
  readonly token: string;
  /** Group name for tickets whose route names none. */
  readonly defaultGroup: string;
  /** Customer for a mail without a usable From address; without it a mail with no From is refused. */
  readonly customerFallback?: string;
  /** How subjects carry ticket numbers; Zammad's default `Ticket#` when omitted. */
  readonly ticketHook?: ZammadTicketHook;
  /** Route priority to Zammad priority name; Zammad's default names when omitted. */
  readonly priorities?: ZammadPriorities;
  /** State names that count as closed; `["closed"]` when omitted. */
  readonly closedStates?: readonly string[];
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch, for Retry-After dates. */
  readonly now: () => number;
}

/**
 * Posts mail to Zammad's REST API (docs.zammad.org, "API": api/intro, api/ticket,
 * api/ticket/articles, api/ticket/tags, api/ticket/states, api/ticket/links; source in
 * zammad-documentation `api/*.rst`).
 *
 * - A new mail becomes `POST /api/v1/tickets` with the mail as its first `article` (type `email`,
 *   sender `Customer`, so Zammad sends nothing out), the route's group, priority and `tags`, and
 *   the customer's id: a sender with a display name is found by `GET /api/v1/users/search` or
 *   created by `POST /api/v1/users` with that name (api/user), since `customer_id: "guess:<from>"`
 *   would create the user without one; a sender without a name goes as `guess:<from>`.
 * - A reply becomes `POST /api/v1/ticket_articles` on the ticket; a note the same, as an internal
 *   system note.
 * - {@link findTicketByMessageId} and {@link ticketFromSubject} use `GET /api/v1/tickets/search`,
 *   which needs Zammad's Elasticsearch; a search hit counts only after the ticket's own articles
 *   (or number) confirm it, so a loose full-text match never threads a mail into the wrong ticket.
 * - Failures become `HelpdeskError`s by status; Zammad has no idempotency key, so a retry after a
 *   lost answer is caught by the worker's Message-ID lookup before it creates again.
 */
export class ZammadAdapter implements HelpdeskAdapter {
  readonly name = 'zammad';
  private readonly client: ZammadClient;
  private readonly hook: ZammadTicketHook;
  private readonly priorities: ZammadPriorities;
  private readonly closedStates: ReadonlySet<string>;

  constructor(private readonly options: ZammadAdapterOptions) {
    this.client = new ZammadClient(options);
    this.hook = options.ticketHook ?? DEFAULT_ZAMMAD_TICKET_HOOK;
    this.priorities = options.priorities ?? DEFAULT_ZAMMAD_PRIORITIES;
    this.closedStates = new Set((options.closedStates ?? ['closed']).map((state) => state.toLowerCase()));
  }

  /** For `popdesk check`: the token, and the default and routed groups (see {@link checkZammadSetup}). */
  checkSetup(targets: readonly string[]): Promise<HelpdeskSetupCheck[]> {
    return checkZammadSetup(this.client, [this.options.defaultGroup, ...targets]);
  }

  async createTicket(request: TicketRequest): Promise<TicketResult> {
    const body = buildZammadTicket(request, {
      defaultGroup: this.options.defaultGroup,
      priorities: this.priorities,
      ...(this.options.customerFallback !== undefined
        ? { customerFallback: this.options.customerFallback }
        : {}),
      ...(await this.namedCustomer(request)),
    });
    const answer = await this.client.send({ method: 'POST', path: '/api/v1/tickets', body });
    const ticket = readTicket(answer.data);
    if (ticket === undefined) {
      // Created, but we cannot say which ticket: a retry would find it by Message-ID, not create it again.
      throw new HelpdeskError('zammad accepted the ticket but its answer has no "id"', { retryable: false });
    }
    return { ticketId: ticket.id };
  }

  async addReply(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    return this.addArticle(ticketId, buildZammadArticle(request));
  }

  /**
   * An internal system note (see {@link buildZammadNote}); nothing about the ticket changes. A
   * retried note is caught like a reply, by the worker's Message-ID lookup.
   */
  async addNote(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    return this.addArticle(ticketId, buildZammadNote(request));
  }

  async findTicketByMessageId(messageId: string): Promise<string | undefined> {
    const wanted = `<${messageId}>`.toLowerCase();
    for (const candidate of await this.search(messageIdQuery(messageId))) {
      const articles = await this.client.send({
        method: 'GET',
        path: `/api/v1/ticket_articles/by_ticket/${candidate.id}`,
        accept: [404],
      });
      if (articles.status === 404) continue;
      if (readArticleMessageIds(articles.data).some((id) => id.trim().toLowerCase() === wanted)) {
        return candidate.id;
      }
    }
    return undefined;
  }

  async ticketFromSubject(subject: string): Promise<string | undefined> {
    for (const number of ticketNumbersInSubject(subject, this.hook)) {
      const hit = (await this.search(ticketNumberQuery(number))).find((ticket) => ticket.number === number);
      if (hit !== undefined) return hit.id;
    }
    return undefined;
  }

  async ticketState(ticketId: string): Promise<TicketState> {
    const id = numericId(ticketId);
    if (id === undefined) return { kind: 'missing' };
    const answer = await this.client.send({
      method: 'GET',
      path: `/api/v1/tickets/${id}`,
      params: { expand: 'true' },
      accept: [404],
    });
    if (answer.status === 404) return { kind: 'missing' };
    const state = readTicket(answer.data)?.state?.toLowerCase();
    if (state === MERGED_STATE) {
      const links = await this.client.send({
        method: 'GET',
        path: '/api/v1/links',
        params: { link_object: 'Ticket', link_object_value: String(id) },
      });
      const into = readMergeTarget(links.data);
      // Merged with no surviving ticket to name: nothing left to add a reply to.
      return into === undefined ? { kind: 'missing' } : { kind: 'merged', into };
    }
    if (state === REMOVED_STATE) return { kind: 'missing' };
    if (state !== undefined && this.closedStates.has(state)) return { kind: 'closed' };
    // Any other state, or an answer without one, takes replies: adding one is the safe default.
    return { kind: 'open' };
  }

  async reopenTicket(ticketId: string): Promise<void> {
    const id = numericId(ticketId);
    if (id === undefined) {
      throw new HelpdeskError(`"${ticketId}" is not a zammad ticket id`, { retryable: false });
    }
    await this.client.send({ method: 'PUT', path: `/api/v1/tickets/${id}`, body: { state: REOPEN_STATE } });
  }

  /**
   * The id of the sender as a Zammad user with the mail's display name: found by address, else
   * created with first and last name. Nothing when the sender has no name (or the fallback customer
   * stands in), or when Zammad refuses the new user: its 422 says the address is taken (a user the
   * search index does not show yet, such as one a lost answer created), and `guess:` then finds
   * that user by address in Zammad's database.
   */
  private async namedCustomer(request: TicketRequest): Promise<{ customerId?: number }> {
    const from = request.mail.from;
    const address = zammadCustomerAddress(request, this.options.customerFallback);
    if (from === undefined || from.address !== address) return {};
    const name = zammadCustomerName(from.name);
    if (name.firstname === '' && name.lastname === '') return {};
    const wanted = address.toLowerCase();
    const search = await this.client.send({
      method: 'GET',
      path: '/api/v1/users/search',
      params: { query: address, limit: String(MAX_CANDIDATES) },
    });
    // The search is full text (or SQL LIKE without Elasticsearch): only an exact address counts.
    const found = readUsers(search.data).find((user) => user.email.toLowerCase() === wanted);
    if (found !== undefined) return { customerId: found.id };
    const created = await this.client.send({
      method: 'POST',
      path: '/api/v1/users',
      body: { ...name, email: address },
      accept: [422],
    });
    const user = created.status === 422 ? undefined : readUser(created.data);
    return user === undefined ? {} : { customerId: user.id };
  }

  private async addArticle(ticketId: string, article: object): Promise<TicketResult> {
    const id = numericId(ticketId);
    if (id === undefined) {
      throw new HelpdeskError(`"${ticketId}" is not a zammad ticket id`, { retryable: false });
    }
    await this.client.send({
      method: 'POST',
      path: '/api/v1/ticket_articles',
      body: { ticket_id: id, ...article },
    });
    return { ticketId };
  }

  private async search(query: string) {
    const answer = await this.client.send({
      method: 'GET',
      path: '/api/v1/tickets/search',
      params: { query, limit: String(MAX_CANDIDATES) },
    });
    return readSearchResult(answer.data).slice(0, MAX_CANDIDATES);
  }
}

function numericId(ticketId: string): number | undefined {
  if (!/^\d{1,15}$/.test(ticketId)) return undefined;
  return Number(ticketId);
}
