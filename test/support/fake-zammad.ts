import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally, readBody, type ScriptedResponse } from './fake-http-server.js';

/** An attachment as the fake stored it, decoded. */
export interface FakeZammadAttachment {
  readonly filename: string;
  readonly mimeType: string;
  readonly data: Buffer;
}

/** An article as the fake stored it; field names as Zammad's API uses them. */
export interface FakeZammadArticle {
  readonly id: number;
  ticket_id: number;
  readonly type: string;
  readonly sender: string;
  readonly internal: boolean;
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  readonly subject: string;
  readonly body: string;
  readonly content_type: string;
  readonly message_id: string | null;
  readonly in_reply_to: string | null;
  readonly references: string | null;
  readonly attachments: readonly FakeZammadAttachment[];
}

/** A ticket as the fake holds it. */
export interface FakeZammadTicket {
  readonly id: number;
  readonly number: string;
  readonly title: string;
  group: string;
  state: string;
  priority: string;
  /** The customer's email address. */
  readonly customer: string;
  readonly tags: string[];
  readonly articles: FakeZammadArticle[];
}

/** A user as the fake holds it. */
export interface FakeZammadUser {
  readonly id: number;
  readonly firstname: string;
  readonly lastname: string;
  /** Lower case, as `User#check_email` stores it. */
  readonly email: string;
}

/** One request the fake received, after authentication. */
export interface FakeZammadRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** A canned answer in place of Zammad's. */
export type ScriptedZammadResponse = ScriptedResponse;

/** Options of {@link startFakeZammad}. */
export interface FakeZammadOptions {
  readonly token: string;
  /** Group names that exist. Default `Users`. */
  readonly groups?: readonly string[];
  /**
   * `exact`: a field search finds exactly the tickets whose field equals the phrase.
   * `everything`: every search returns every ticket, the way a loose full-text match can.
   */
  readonly search?: 'exact' | 'everything';
  /**
   * `current`: `GET /api/v1/users/search` sees every user. `stale`: it sees none, as when the
   * search index has not caught up with a user created moments ago. Default `current`.
   */
  readonly userSearch?: 'current' | 'stale';
  /** Called for each authenticated request; a returned response replaces the normal handling. */
  readonly script?: (request: FakeZammadRequest, requestNumber: number) => ScriptedZammadResponse | undefined;
}

/** A running fake and what it holds. */
export interface FakeZammad {
  readonly url: string;
  readonly tickets: ReadonlyMap<number, FakeZammadTicket>;
  /** Users, created by `guess:` or `POST /api/v1/users`, by address. */
  readonly customers: ReadonlyMap<string, FakeZammadUser>;
  /** Every authenticated request, including scripted ones. */
  readonly requests: readonly FakeZammadRequest[];
  /** Requests refused for their credentials. */
  readonly unauthorized: number;
  /** Merges `sourceId` into `targetId` the way `Ticket#merge_to` does. */
  merge(sourceId: number, targetId: number): void;
  close(): Promise<void>;
}

/** Priorities and states of a fresh Zammad (docs.zammad.org api/ticket/priorities, api/ticket/states). */
const PRIORITIES = ['1 low', '2 normal', '3 high'];
const STATES = ['new', 'open', 'pending reminder', 'closed', 'merged', 'removed', 'pending close'];
const ARTICLE_TYPES = ['email', 'sms', 'chat', 'fax', 'phone', 'twitter status', 'note', 'web'];
const SENDERS = ['Agent', 'Customer', 'System'];

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A Zammad stand-in that follows the REST API as docs.zammad.org documents it and as Zammad's
 * controllers answer: `Authorization: Token token=...` or 401 `{"error":"authentication failed"}`;
 * names resolved like `association_name_to_id_convert` (an unknown group, priority, state, type or
 * sender is 422 `No lookup value found for '<name>': "<value>"`); `customer_id: "guess:<email>"`
 * finds or creates the customer without a name (`TicketsController#create`), a numeric one must
 * exist; `GET /api/v1/users/search` matches the query inside first name, last name or address as
 * Zammad's SQL search does (`User::Search`), `POST /api/v1/users` creates a user or answers 422
 * "Email address '<email>' is already used for other user." (`User#ensure_uniq_email`;
 * docs.zammad.org api/user); `tags` split on commas; an `email` article needs a valid `to`;
 * article attachments need `filename`,
 * `data` (strict base64) and `mime-type` or 422; an unknown ticket is 404. Search understands the
 * two field queries the adapter sends (`article.message_id:"..."`, `number:"..."`).
 */
export async function startFakeZammad(options: FakeZammadOptions): Promise<FakeZammad> {
  const groups = new Set(options.groups ?? ['Users']);
  const tickets = new Map<number, FakeZammadTicket>();
  const customers = new Map<string, FakeZammadUser>();
  const links: Array<{ type: string; source: number; target: number }> = [];
  const requests: FakeZammadRequest[] = [];
  const counters = { ticket: 0, article: 0, user: 1, unauthorized: 0 };

  const handle = (request: FakeZammadRequest): { status: number; body: unknown } => {
    const { method, path, query } = request;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (method === 'POST' && path === '/api/v1/tickets') return { status: 201, body: createTicket(body) };
    if (method === 'POST' && path === '/api/v1/ticket_articles') {
      const ticket = findTicket(body.ticket_id);
      const article = createArticle(ticket, body);
      return { status: 201, body: articleJson(article) };
    }
    if (method === 'GET' && path === '/api/v1/tickets/search') return { status: 200, body: search(query) };
    if (method === 'GET' && path === '/api/v1/users/search') return { status: 200, body: searchUsers(query) };
    if (method === 'GET' && path === '/api/v1/users/me')
      return { status: 200, body: { id: 1, login: 'popdesk' } };
    if (method === 'GET' && path === '/api/v1/groups') {
      return { status: 200, body: [...groups].map((name, index) => ({ id: index + 1, name, active: true })) };
    }
    if (method === 'POST' && path === '/api/v1/users') return { status: 201, body: createUser(body) };
    let match = /^\/api\/v1\/ticket_articles\/by_ticket\/(\d+)$/.exec(path);
    if (method === 'GET' && match) {
      return { status: 200, body: findTicket(match[1]).articles.map(articleJson) };
    }
    match = /^\/api\/v1\/tickets\/(\d+)$/.exec(path);
    if (match && method === 'GET') {
      return { status: 200, body: ticketJson(findTicket(match[1]), query.get('expand') === 'true') };
    }
    if (match && method === 'PUT') {
      const ticket = findTicket(match[1]);
      if (body.state !== undefined) ticket.state = lookup('state', body.state, STATES);
      if (body.group !== undefined) ticket.group = lookup('group', body.group, [...groups]);
      if (body.priority !== undefined) ticket.priority = lookup('priority', body.priority, PRIORITIES);
      return { status: 200, body: ticketJson(ticket, false) };
    }
    if (method === 'GET' && path === '/api/v1/links') {
      const id = Number(query.get('link_object_value'));
      return { status: 200, body: { links: linksOf(id), assets: {} } };
    }
    throw new ApiError(404, `No route matches [${method}] "${path}"`);
  };

  const createTicket = (body: Record<string, unknown>): unknown => {
    const group = lookup('group', body.group, [...groups]);
    const priority = body.priority === undefined ? '2 normal' : lookup('priority', body.priority, PRIORITIES);
    const customer = guessCustomer(body.customer_id);
    if (!isRecord(body.article)) throw new ApiError(422, 'the fake wants the first article in "article"');
    counters.ticket += 1;
    const ticket: FakeZammadTicket = {
      id: counters.ticket,
      number: String(31000 + counters.ticket),
      title: typeof body.title === 'string' ? body.title : '',
      group,
      state: 'new',
      priority,
      customer,
      tags: typeof body.tags === 'string' ? body.tags.split(',') : [],
      articles: [],
    };
    const article = buildArticle(ticket, body.article);
    tickets.set(ticket.id, ticket);
    ticket.articles.push(article);
    return ticketJson(ticket, false);
  };

  const createArticle = (ticket: FakeZammadTicket, body: Record<string, unknown>): FakeZammadArticle => {
    const article = buildArticle(ticket, body);
    ticket.articles.push(article);
    return article;
  };

  /** Validates everything first, so a 422 stores nothing. */
  const buildArticle = (ticket: FakeZammadTicket, body: Record<string, unknown>): FakeZammadArticle => {
    if (typeof body.body !== 'string') throw new ApiError(422, "Need at least an 'article body' field.");
    const type = body.type === undefined ? 'note' : lookup('type', body.type, ARTICLE_TYPES);
    const sender = body.sender === undefined ? 'Agent' : lookup('sender', body.sender, SENDERS);
    const attachments = readAttachments(body.attachments);
    if (type === 'email' && !validRecipients(body.to)) {
      throw new ApiError(422, 'Sending an email without a valid recipient is not possible.');
    }
    counters.article += 1;
    return {
      id: counters.article,
      ticket_id: ticket.id,
      type,
      sender,
      internal: body.internal === true,
      from: text(body.from),
      to: text(body.to),
      cc: text(body.cc),
      subject: text(body.subject),
      body: body.body,
      content_type: typeof body.content_type === 'string' ? body.content_type : 'text/plain',
      message_id: typeof body.message_id === 'string' ? body.message_id : null,
      in_reply_to: typeof body.in_reply_to === 'string' ? body.in_reply_to : null,
      references: typeof body.references === 'string' ? body.references : null,
      attachments,
    };
  };

  const guessCustomer = (value: unknown): string => {
    if (typeof value === 'number') {
      const user = [...customers.values()].find((candidate) => candidate.id === value);
      if (user === undefined) throw new ApiError(422, `No user with id ${value}`);
      return user.email;
    }
    const guess = typeof value === 'string' ? /^guess:(.+)$/.exec(value) : null;
    if (!guess?.[1]) throw new ApiError(422, 'the fake only knows customer_id <id> or "guess:<email>"');
    const address = guess[1];
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
      throw new ApiError(422, `Invalid email '${address}' of customer`);
    }
    const existing = customers.get(address.toLowerCase());
    return (existing ?? addUser({ firstname: '', lastname: '', email: address })).email;
  };

  const addUser = (fields: { firstname: string; lastname: string; email: string }): FakeZammadUser => {
    counters.user += 1;
    const user = { id: counters.user, ...fields, email: fields.email.toLowerCase() };
    customers.set(user.email, user);
    return user;
  };

  const createUser = (body: Record<string, unknown>): FakeZammadUser => {
    const email = text(body.email).trim().toLowerCase();
    if (customers.has(email)) {
      throw new ApiError(422, `Email address '${email}' is already used for other user.`);
    }
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new ApiError(422, `Invalid email '${email}'`);
    return addUser({ firstname: text(body.firstname), lastname: text(body.lastname), email });
  };

  const searchUsers = (query: URLSearchParams): FakeZammadUser[] => {
    if (options.userSearch === 'stale') return [];
    const wanted = (query.get('query') ?? '').toLowerCase();
    const limit = Number(query.get('limit') ?? '10');
    return [...customers.values()]
      .filter((user) =>
        [user.firstname, user.lastname, user.email].some((field) => field.toLowerCase().includes(wanted)),
      )
      .slice(0, limit);
  };

  const findTicket = (value: unknown): FakeZammadTicket => {
    const ticket = tickets.get(Number(value));
    if (ticket === undefined) throw new ApiError(404, `Couldn't find Ticket with 'id'=${String(value)}`);
    return ticket;
  };

  const search = (query: URLSearchParams): unknown => {
    const limit = Number(query.get('limit') ?? '10');
    const field = /^([\w.]+):"((?:[^"\\]|\\.)*)"$/.exec(query.get('query') ?? '');
    const value = field?.[2]?.replace(/\\(.)/g, '$1');
    const found = [...tickets.values()].filter((ticket) => {
      if (options.search === 'everything') return true;
      if (field?.[1] === 'number') return ticket.number === value;
      if (field?.[1] === 'article.message_id') {
        return ticket.articles.some((article) => article.message_id === value);
      }
      return false;
    });
    const shown = found.slice(0, limit);
    return {
      tickets: shown.map((ticket) => ticket.id),
      tickets_count: shown.length,
      assets: { Ticket: Object.fromEntries(shown.map((ticket) => [ticket.id, ticketJson(ticket, false)])) },
    };
  };

  const linksOf = (id: number) => [
    ...links
      .filter((link) => link.source === id)
      .map((link) => ({
        link_type: reverse(link.type),
        link_object: 'Ticket',
        link_object_value: link.target,
      })),
    ...links
      .filter((link) => link.target === id)
      .map((link) => ({ link_type: link.type, link_object: 'Ticket', link_object_value: link.source })),
  ];

  const server = http.createServer((incoming, outgoing) => {
    serve(incoming, outgoing).catch((error: unknown) => send(outgoing, 500, { error: String(error) }));
  });

  const serve = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const body = await readBody(incoming);
    if (incoming.headers.authorization !== `Token token=${options.token}`) {
      counters.unauthorized += 1;
      return send(outgoing, 401, { error: 'authentication failed' });
    }
    const url = new URL(incoming.url ?? '/', 'http://fake');
    const raw = body.toString('utf8');
    const request: FakeZammadRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: raw === '' ? undefined : (JSON.parse(raw) as unknown),
    };
    requests.push(request);
    const scripted = options.script?.(request, requests.length);
    if (scripted?.delayMs !== undefined)
      await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted?.drop === 'before') return void outgoing.socket?.destroy();
    if (scripted?.status !== undefined) {
      outgoing.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      outgoing.end(scripted.body ?? '{}');
      return;
    }
    let answer: { status: number; body: unknown };
    try {
      answer = handle(request);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      answer = { status: error.status, body: { error: error.message, error_human: error.message } };
    }
    if (scripted?.drop === 'after') return void outgoing.socket?.destroy();
    send(outgoing, answer.status, answer.body);
  };

  const listening = await listenLocally(server);
  return {
    url: listening.origin,
    tickets,
    customers,
    requests,
    get unauthorized() {
      return counters.unauthorized;
    },
    merge(sourceId, targetId) {
      const source = findTicket(sourceId);
      const target = findTicket(targetId);
      for (const article of source.articles.splice(0)) {
        article.ticket_id = target.id;
        target.articles.push(article);
      }
      counters.article += 1;
      source.articles.push({ ...emptyArticle(counters.article, source.id), body: 'merged' });
      links.push({ type: 'parent', source: target.id, target: source.id });
      source.state = 'merged';
    },
    close: listening.close,
  };
}

function lookup(name: string, value: unknown, known: readonly string[]): string {
  if (typeof value === 'string' && known.includes(value)) return value;
  throw new ApiError(422, `No lookup value found for '${name}': ${JSON.stringify(value)}`);
}

/**
 * `Ticket::Article#check_email_recipient_validity`: an email article's `to` must parse as an address
 * list (Ruby's Mail::AddressList) of valid addresses. Approximated: comma-separated, each a bare
 * address or `Name <address>`, each address with one `@` and a dotted domain.
 */
function validRecipients(value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() === '') return false;
  return value.split(',').every((part) => {
    const address = /<([^<>]+)>\s*$/.exec(part)?.[1] ?? part.trim();
    return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address);
  });
}

function readAttachments(value: unknown): FakeZammadAttachment[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ApiError(422, 'attachments must be a list');
  return value.map((attachment: unknown, index) => {
    const item = isRecord(attachment) ? attachment : {};
    for (const key of ['mime-type', 'filename', 'data']) {
      if (typeof item[key] !== 'string' || item[key] === '') {
        throw new ApiError(422, `Attachment needs '${key}' param for attachment with index '${index}'`);
      }
    }
    const data = String(item.data).replace(/[\r\n]/g, '');
    // Ruby's Base64.strict_decode64, which Zammad uses, refuses anything but canonical base64.
    if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) {
      throw new ApiError(422, `Invalid base64 for attachment with index '${index}'`);
    }
    return {
      filename: String(item.filename),
      mimeType: String(item['mime-type']),
      data: Buffer.from(data, 'base64'),
    };
  });
}

function ticketJson(ticket: FakeZammadTicket, expand: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: ticket.id,
    group_id: 1,
    priority_id: PRIORITIES.indexOf(ticket.priority) + 1,
    state_id: STATES.indexOf(ticket.state) + 1,
    number: ticket.number,
    title: ticket.title,
    customer_id: 2,
    article_count: ticket.articles.length,
    article_ids: ticket.articles.map((article) => article.id),
  };
  if (expand) {
    Object.assign(json, {
      group: ticket.group,
      state: ticket.state,
      priority: ticket.priority,
      customer: ticket.customer,
    });
  }
  return json;
}

function articleJson(article: FakeZammadArticle): Record<string, unknown> {
  return {
    ...article,
    attachments: article.attachments.map((attachment, index) => ({
      id: index + 1,
      filename: attachment.filename,
      size: String(attachment.data.length),
      preferences: { 'Mime-Type': attachment.mimeType },
    })),
  };
}

function emptyArticle(id: number, ticketId: number): FakeZammadArticle {
  return {
    id,
    ticket_id: ticketId,
    type: 'note',
    sender: 'Agent',
    internal: false,
    from: '',
    to: '',
    cc: '',
    subject: '',
    body: '',
    content_type: 'text/plain',
    message_id: null,
    in_reply_to: null,
    references: null,
    attachments: [],
  };
}

function reverse(type: string): string {
  return type === 'parent' ? 'child' : type === 'child' ? 'parent' : type;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
