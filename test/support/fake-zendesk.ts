import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally, readBody } from './fake-http-server.js';

/** An uploaded file. */
export interface FakeUpload {
  readonly token: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A comment as the fake stores it. */
export interface FakeZendeskComment {
  readonly id: number;
  readonly authorId: number;
  readonly htmlBody: string;
  readonly public: boolean;
  readonly attachments: readonly FakeUpload[];
}

/** A ticket as the fake stores it; tests may change `status` and `tags`. */
export interface FakeZendeskTicket {
  readonly id: number;
  readonly subject: string;
  status: string;
  tags: string[];
  readonly priority: string | null;
  readonly groupId: number | null;
  readonly externalId: string | null;
  readonly requesterId: number;
  readonly emailCcs: readonly string[];
  readonly viaFollowupSourceId: number | null;
  readonly comments: FakeZendeskComment[];
  /** The `custom` metadata of each audit, oldest first. */
  readonly audits: Record<string, unknown>[];
}

/** A user of the fake account. */
export interface FakeZendeskUser {
  readonly id: number;
  readonly email: string;
  name: string;
  readonly role: 'end-user' | 'agent';
}

/** One request as the fake saw it, before any scripted answer. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

/** A canned answer that replaces the normal one. */
export interface ScriptedResponse {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link startFakeZendesk}. */
export interface FakeZendeskOptions {
  /** The agent the API token belongs to. */
  readonly email: string;
  readonly apiToken: string;
  /** Group ids that exist. Default `[1]`. */
  readonly groups?: readonly number[];
  /** Audits per page of `GET /tickets/{id}/audits`. Default 100. */
  readonly auditPageSize?: number;
  /** Called for each authenticated request; a returned response is sent instead of the normal one. */
  readonly script?: (request: FakeRequest, requestNumber: number) => ScriptedResponse | undefined;
}

/** A running fake and what it holds. */
export interface FakeZendesk {
  readonly url: string;
  readonly tickets: ReadonlyMap<number, FakeZendeskTicket>;
  readonly users: ReadonlyMap<number, FakeZendeskUser>;
  readonly uploads: ReadonlyMap<string, FakeUpload>;
  /** Every authenticated request, scripted ones included. */
  readonly requests: readonly FakeRequest[];
  /** Creates answered from the idempotency store (`x-idempotency-lookup: hit`). */
  readonly idempotentReplays: number;
  close(): Promise<void>;
}

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/**
 * A Zendesk Support API stand-in on a local port, answering as developer.zendesk.com documents:
 * basic auth `{email}/token:{api_token}` (401 `{"error":"Couldn't authenticate you"}` otherwise),
 * uploads returning tokens, tickets with `Idempotency-Key` (same key and body: the first answer
 * with `x-idempotency-lookup: hit`; same key, other body: 400 `IdempotentRequestError`), listing
 * by `external_id`, updates refused with 422 `RecordInvalid` on closed tickets, follow-ups via
 * `via_followup_source_id` (inheriting the source's tags unless `tags` is sent; first comment by
 * the API user unless `comment.author_id` is sent), audits carrying `metadata.custom`, user search and create-or-update,
 * 404 `RecordNotFound`. Failures (429 with Retry-After, 5xx) are scripted per request.
 */
export async function startFakeZendesk(options: FakeZendeskOptions): Promise<FakeZendesk> {
  const tickets = new Map<number, FakeZendeskTicket>();
  const users = new Map<number, FakeZendeskUser>();
  const uploads = new Map<string, FakeUpload>();
  const idempotency = new Map<string, { body: string; answer: HttpAnswer }>();
  const requests: FakeRequest[] = [];
  const groups = new Set(options.groups ?? [1]);
  const pageSize = options.auditPageSize ?? 100;
  const state = { nextTicket: 1, nextUser: 100, nextComment: 9000, replays: 0, url: '' };
  const agent = addUser(options.email, 'API Agent', 'agent');

  function addUser(email: string, name: string, role: FakeZendeskUser['role'] = 'end-user'): FakeZendeskUser {
    const user = { id: state.nextUser++, email: email.toLowerCase(), name, role };
    users.set(user.id, user);
    return user;
  }

  function userByEmail(email: string): FakeZendeskUser | undefined {
    return [...users.values()].find((user) => user.email === email.toLowerCase());
  }

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = await readBody(request);
    const expected = `Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return send(response, new HttpAnswer(401, { error: "Couldn't authenticate you" }));
    }
    const seen: FakeRequest = {
      method: request.method ?? 'GET',
      path: url.pathname.replace(/\.json$/, ''),
      query: url.searchParams,
      headers: request.headers,
    };
    requests.push(seen);
    const scripted = options.script?.(seen, requests.length);
    if (scripted !== undefined) {
      response.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      response.end(scripted.body ?? '');
      return;
    }
    send(response, route(seen, body));
  };

  function route(seen: FakeRequest, body: Buffer): HttpAnswer {
    const { method, path, query } = seen;
    if (method === 'POST' && path === '/api/v2/uploads') return upload(seen, body);
    if (method === 'GET' && path === '/api/v2/users/me')
      return new HttpAnswer(200, { user: { id: 1, email: options.email } });
    if (method === 'GET' && path === '/api/v2/groups') {
      return new HttpAnswer(200, { groups: [...groups].map((id) => ({ id, name: `Group ${id}` })) });
    }
    if (method === 'POST' && path === '/api/v2/tickets') return idempotentCreate(seen, body);
    if (method === 'GET' && path === '/api/v2/tickets') {
      const externalId = query.get('external_id');
      const found = [...tickets.values()].filter((t) => externalId === null || t.externalId === externalId);
      return new HttpAnswer(200, { tickets: found.map(ticketJson), next_page: null, count: found.length });
    }
    if (method === 'GET' && path === '/api/v2/users/search') {
      const needle = (query.get('query') ?? '').toLowerCase();
      const found = [...users.values()].filter(
        (u) => u.email.includes(needle) || u.name.toLowerCase().includes(needle),
      );
      return new HttpAnswer(200, { users: found.map(userJson), next_page: null, count: found.length });
    }
    if (method === 'POST' && path === '/api/v2/users/create_or_update') {
      const user = (parseJson(body) as { user?: { email?: string; name?: string } }).user;
      if (typeof user?.email !== 'string' || typeof user.name !== 'string' || user.name === '') {
        return recordInvalid({ name: [{ description: 'Name:  is too short (minimum one character)' }] });
      }
      const existing = userByEmail(user.email);
      if (existing !== undefined) {
        existing.name = user.name;
        return new HttpAnswer(200, { user: userJson(existing) });
      }
      return new HttpAnswer(201, { user: userJson(addUser(user.email, user.name)) });
    }
    const match = /^\/api\/v2\/tickets\/(\d+)(\/audits)?$/.exec(path);
    if (match !== null) {
      const ticket = tickets.get(Number(match[1]));
      if (ticket === undefined)
        return new HttpAnswer(404, { error: 'RecordNotFound', description: 'Not found' });
      if (match[2] !== undefined && method === 'GET')
        return auditPage(ticket, Number(query.get('page') ?? '1'));
      if (match[2] === undefined && method === 'GET')
        return new HttpAnswer(200, { ticket: ticketJson(ticket) });
      if (match[2] === undefined && method === 'PUT') return update(ticket, parseJson(body));
    }
    return new HttpAnswer(404, { error: 'InvalidEndpoint', description: 'Not found' });
  }

  function upload(seen: FakeRequest, body: Buffer): HttpAnswer {
    const filename = seen.query.get('filename');
    if (filename === null || filename === '') {
      return new HttpAnswer(400, { error: 'InvalidFilename', description: 'filename is required' });
    }
    const file: FakeUpload = {
      token: randomBytes(12).toString('hex'),
      filename,
      contentType: String(seen.headers['content-type'] ?? 'application/binary'),
      content: body,
    };
    uploads.set(file.token, file);
    const attachment = {
      id: uploads.size,
      file_name: filename,
      content_type: file.contentType,
      size: body.length,
    };
    return new HttpAnswer(201, { upload: { token: file.token, attachment, attachments: [attachment] } });
  }

  function idempotentCreate(seen: FakeRequest, body: Buffer): HttpAnswer {
    const key = seen.headers['idempotency-key'];
    if (typeof key !== 'string') return create(parseJson(body));
    const fingerprint = createHash('sha256').update(body).digest('hex');
    const earlier = idempotency.get(key);
    if (earlier !== undefined) {
      if (earlier.body !== fingerprint) {
        return new HttpAnswer(400, {
          error: 'IdempotentRequestError',
          description: "Request parameters don't match the given idempotency key",
        });
      }
      state.replays += 1;
      return new HttpAnswer(earlier.answer.status, earlier.answer.body, { 'x-idempotency-lookup': 'hit' });
    }
    const answer = create(parseJson(body));
    if (answer.status < 300) idempotency.set(key, { body: fingerprint, answer });
    return new HttpAnswer(answer.status, answer.body, { 'x-idempotency-lookup': 'miss' });
  }

  function create(payload: unknown): HttpAnswer {
    const ticket = (payload as { ticket?: Record<string, unknown> }).ticket ?? {};
    const comment = (ticket.comment ?? {}) as Record<string, unknown>;
    const details: Record<string, { description: string }[]> = {};
    if (typeof comment.body !== 'string' && typeof comment.html_body !== 'string') {
      details.comment = [{ description: 'Comment: cannot be blank' }];
    }
    if (ticket.priority !== undefined && !PRIORITIES.includes(String(ticket.priority))) {
      details.priority = [{ description: `Priority: ${String(ticket.priority)} is not valid` }];
    }
    if (ticket.group_id !== undefined && !groups.has(Number(ticket.group_id))) {
      details.group_id = [{ description: 'Group: is invalid' }];
    }
    const files = attachmentsOf(comment, details);
    const source = ticket.via_followup_source_id;
    if (source !== undefined && tickets.get(Number(source))?.status !== 'closed') {
      details.via_followup_source_id = [{ description: 'Follow-up source: must be a closed ticket' }];
    }
    const requester = ticket.requester as { email?: string; name?: string } | undefined;
    if (typeof requester?.email !== 'string')
      details.requester = [{ description: 'Requester: cannot be blank' }];
    if (comment.author_id !== undefined && !users.has(Number(comment.author_id)))
      details.author_id = [{ description: 'Author: is invalid' }];
    if (Object.keys(details).length > 0) return recordInvalid(details);
    const user =
      userByEmail(requester!.email!) ?? addUser(requester!.email!, requester!.name ?? requester!.email!);
    const stored: FakeZendeskTicket = {
      id: state.nextTicket++,
      subject: String(ticket.subject ?? ''),
      status: ticket.group_id === undefined ? 'new' : 'open',
      // A follow-up inherits its source's tags unless the request names some, which replace them
      // (Creating and updating tickets, "Creating a follow-up ticket").
      tags: ((ticket.tags as string[] | undefined) ?? followUpSourceTags(source)).map(String),
      priority: ticket.priority === undefined ? null : String(ticket.priority),
      groupId: ticket.group_id === undefined ? null : Number(ticket.group_id),
      externalId: ticket.external_id === undefined ? null : String(ticket.external_id),
      requesterId: user.id,
      emailCcs: ((ticket.email_ccs as { user_email: string }[] | undefined) ?? []).map((cc) => cc.user_email),
      viaFollowupSourceId: source === undefined ? null : Number(source),
      comments: [],
      audits: [],
    };
    // The submitter writes the first comment; for a follow-up that is the API user unless
    // `comment.author_id` names another (Creating and updating tickets, "Creating a follow-up
    // ticket": "By default, the first comment author is the authenticated user").
    const firstAuthor = source === undefined ? user.id : agent.id;
    addComment(
      stored,
      comment.author_id === undefined ? firstAuthor : Number(comment.author_id),
      comment,
      files,
    );
    stored.audits.push(customOf(ticket.metadata));
    tickets.set(stored.id, stored);
    return new HttpAnswer(201, {
      ticket: ticketJson(stored),
      audit: { metadata: { custom: customOf(ticket.metadata) } },
    });
  }

  function followUpSourceTags(source: unknown): string[] {
    return source === undefined ? [] : [...(tickets.get(Number(source))?.tags ?? [])];
  }

  function update(ticket: FakeZendeskTicket, payload: unknown): HttpAnswer {
    if (ticket.status === 'closed') {
      return recordInvalid({ status: [{ description: 'Status: closed prevents ticket update' }] });
    }
    const changes = (payload as { ticket?: Record<string, unknown> }).ticket ?? {};
    const details: Record<string, { description: string }[]> = {};
    if (changes.status !== undefined && !STATUSES.includes(String(changes.status))) {
      details.status = [{ description: `Status: ${String(changes.status)} is not valid` }];
    }
    const comment = changes.comment as Record<string, unknown> | undefined;
    const files = comment === undefined ? [] : attachmentsOf(comment, details);
    const authorId = comment?.author_id === undefined ? agent.id : Number(comment.author_id);
    if (comment !== undefined && !users.has(authorId))
      details.author_id = [{ description: 'Author: is invalid' }];
    if (Object.keys(details).length > 0) return recordInvalid(details);
    if (changes.status !== undefined) ticket.status = String(changes.status);
    if (comment !== undefined) addComment(ticket, authorId, comment, files);
    ticket.audits.push(customOf(changes.metadata));
    return new HttpAnswer(200, {
      ticket: ticketJson(ticket),
      audit: { metadata: { custom: customOf(changes.metadata) } },
    });
  }

  function attachmentsOf(
    comment: Record<string, unknown>,
    details: Record<string, { description: string }[]>,
  ) {
    const tokens = (comment.uploads as string[] | undefined) ?? [];
    const files = tokens.map((token) => uploads.get(token));
    if (files.some((file) => file === undefined))
      details.uploads = [{ description: 'Uploads: token is invalid' }];
    return files.filter((file): file is FakeUpload => file !== undefined);
  }

  function addComment(
    ticket: FakeZendeskTicket,
    authorId: number,
    comment: Record<string, unknown>,
    files: FakeUpload[],
  ): void {
    for (const file of files) uploads.delete(file.token);
    ticket.comments.push({
      id: state.nextComment++,
      authorId,
      htmlBody: String(comment.html_body ?? comment.body),
      public: comment.public !== false,
      attachments: files,
    });
  }

  /** Offset pagination: `next_page` is an absolute URL while more audits follow. */
  function auditPage(ticket: FakeZendeskTicket, page: number): HttpAnswer {
    const slice = ticket.audits.slice((page - 1) * pageSize, page * pageSize);
    const more = page * pageSize < ticket.audits.length;
    return new HttpAnswer(200, {
      audits: slice.map((custom, index) => ({
        id: (page - 1) * pageSize + index + 1,
        ticket_id: ticket.id,
        metadata: { system: { client: 'popdesk-test' }, custom },
        events: [],
      })),
      next_page: more ? `${state.url}/api/v2/tickets/${ticket.id}/audits.json?page=${page + 1}` : null,
      previous_page: null,
      count: ticket.audits.length,
    });
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, new HttpAnswer(500, { error: 'InternalError', description: String(error) })),
    );
  });
  const listening = await listenLocally(server);
  state.url = listening.origin;
  return {
    url: state.url,
    tickets,
    users,
    uploads,
    requests,
    get idempotentReplays() {
      return state.replays;
    },
    close: listening.close,
  };
}

function ticketJson(ticket: FakeZendeskTicket) {
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    tags: ticket.tags,
    priority: ticket.priority,
    group_id: ticket.groupId,
    external_id: ticket.externalId,
    requester_id: ticket.requesterId,
    via_followup_source_id: ticket.viaFollowupSourceId,
  };
}

function userJson(user: FakeZendeskUser) {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function customOf(metadata: unknown): Record<string, unknown> {
  return metadata !== null && typeof metadata === 'object'
    ? { ...(metadata as Record<string, unknown>) }
    : {};
}

function recordInvalid(details: Record<string, { description: string }[]>): HttpAnswer {
  return new HttpAnswer(422, { error: 'RecordInvalid', description: 'Record validation errors', details });
}

function parseJson(body: Buffer): unknown {
  return body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
}

function send(response: ServerResponse, answer: HttpAnswer): void {
  response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  response.end(JSON.stringify(answer.body));
}
