import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally, readBody } from './fake-http-server.js';

/** A file the fake received. */
export interface FakeFile {
  readonly name: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A note as the fake stores it. */
export interface FakeFreshdeskNote {
  readonly id: number;
  readonly body: string;
  readonly incoming: boolean;
  readonly private: boolean;
  readonly userId: number | undefined;
  readonly attachments: readonly FakeFile[];
}

/** A ticket as the fake stores it; tests may change `status` and `deleted`. */
export interface FakeFreshdeskTicket {
  readonly id: number;
  readonly requesterId: number;
  readonly subject: string;
  readonly description: string;
  status: number;
  deleted: boolean;
  readonly priority: number;
  readonly source: number;
  readonly groupId: number | null;
  readonly tags: readonly string[];
  readonly ccEmails: readonly string[];
  readonly customFields: Readonly<Record<string, string>>;
  readonly attachments: readonly FakeFile[];
  readonly notes: FakeFreshdeskNote[];
}

/** A contact (customer) of the fake account. */
export interface FakeFreshdeskContact {
  readonly id: number;
  readonly email: string;
  readonly name: string;
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

/** Options of {@link startFakeFreshdesk}. */
export interface FakeFreshdeskOptions {
  readonly apiKey: string;
  /** Group ids that exist. Default `[1]`. */
  readonly groups?: readonly number[];
  /** API names of the account's custom ticket fields. Default none. */
  readonly customFields?: readonly string[];
  /** Contacts that exist before the first request. */
  readonly contacts?: readonly { email: string; name: string }[];
  /** The cap on all files of one ticket, its notes included. Default Freshdesk's 20 MB. */
  readonly maxAttachmentBytes?: number;
  /** Called for each authenticated request; a returned response is sent instead of the normal one. */
  readonly script?: (request: FakeRequest, requestNumber: number) => ScriptedResponse | undefined;
}

/** A running fake and what it holds. */
export interface FakeFreshdesk {
  readonly url: string;
  readonly tickets: ReadonlyMap<number, FakeFreshdeskTicket>;
  readonly contacts: ReadonlyMap<number, FakeFreshdeskContact>;
  /** Every authenticated request, scripted ones included. */
  readonly requests: readonly FakeRequest[];
  /** Requests refused for bad credentials. */
  readonly unauthorized: number;
  close(): Promise<void>;
}

/** Freshdesk's cap on one ticket's attachments (Create a Ticket, `attachments`). */
const MAX_ATTACHMENT_BYTES = 20 * 1000 * 1000;
/** List All Conversations of a Ticket: 30 a page unless `per_page` (at most 100) says otherwise. */
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;
const STATUSES = [2, 3, 4, 5];
const PRIORITIES = [1, 2, 3, 4];
const SOURCES = [1, 2, 3, 7, 9, 10];
const TICKET_FIELDS = new Set([
  'email',
  'name',
  'requester_id',
  'subject',
  'description',
  'status',
  'priority',
  'source',
  'group_id',
  'tags',
  'cc_emails',
  'custom_fields',
  'attachments',
]);

interface FormBody {
  readonly fields: Record<string, unknown>;
  readonly files: FakeFile[];
}

type FieldError = { field: string; message: string; code: string };

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/**
 * A Freshdesk API v2 stand-in on a local port that answers the way developers.freshdesk.com/api
 * documents: basic auth with the API key as user name (401 `{"code":"invalid_credentials"}`
 * otherwise), tickets as JSON or multipart (`attachments[]`, `tags[]`, `custom_fields[cf_x]`),
 * validation errors as 400 `{"description":"Validation failed","errors":[{field,message,code}]}`,
 * 404 for unknown tickets, notes, contacts by email and the ticket search on custom fields.
 * Failures (429 with Retry-After, 5xx) are scripted per request.
 */
export async function startFakeFreshdesk(options: FakeFreshdeskOptions): Promise<FakeFreshdesk> {
  const tickets = new Map<number, FakeFreshdeskTicket>();
  const contacts = new Map<number, FakeFreshdeskContact>();
  const requests: FakeRequest[] = [];
  const groups = new Set(options.groups ?? [1]);
  const customFields = new Set(options.customFields ?? []);
  const maxAttachmentBytes = options.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES;
  const state = { unauthorized: 0, nextTicket: 1, nextContact: 1001, nextNote: 5001 };
  for (const contact of options.contacts ?? []) addContact(contact.email, contact.name);

  function addContact(email: string, name: string): FakeFreshdeskContact {
    const contact = { id: state.nextContact++, email: email.toLowerCase(), name };
    contacts.set(contact.id, contact);
    return contact;
  }

  function contactByEmail(email: string): FakeFreshdeskContact | undefined {
    return [...contacts.values()].find((contact) => contact.email === email.toLowerCase());
  }

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = await readBody(request);
    if (!authorised(request.headers.authorization, options.apiKey)) {
      state.unauthorized += 1;
      return send(response, 401, {
        code: 'invalid_credentials',
        message: 'You have to be logged in to perform this action.',
      });
    }
    const seen: FakeRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
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
    const answer = await route(seen, request.headers['content-type'], body);
    send(response, answer.status, answer.body);
  };

  async function route(
    seen: FakeRequest,
    contentType: string | undefined,
    body: Buffer,
  ): Promise<HttpAnswer> {
    const { method, path } = seen;
    if (method === 'POST' && path === '/api/v2/tickets') {
      return createTicket(await readForm(contentType, body));
    }
    if (method === 'GET' && path === '/api/v2/contacts') {
      const email = seen.query.get('email');
      const found =
        email === null ? [...contacts.values()] : [contactByEmail(email)].filter((c) => c !== undefined);
      return new HttpAnswer(200, found.map(contactJson));
    }
    if (method === 'GET' && path === '/api/v2/search/tickets') return search(seen.query.get('query'));
    if (method === 'GET' && path === '/api/v2/ticket_fields') {
      return new HttpAnswer(200, [
        { id: 1, name: 'subject' },
        ...[...customFields].map((name, i) => ({ id: i + 2, name })),
      ]);
    }
    if (method === 'GET' && path === '/api/v2/groups') {
      return new HttpAnswer(
        200,
        [...groups].map((id) => ({ id, name: `Group ${id}` })),
      );
    }
    const match = /^\/api\/v2\/tickets\/(\d+)(\/notes|\/conversations)?$/.exec(path);
    if (match !== null) {
      const ticket = tickets.get(Number(match[1]));
      if (ticket === undefined) return new HttpAnswer(404, undefined);
      if (match[2] === '/conversations' && method === 'GET') return conversations(ticket, seen.query);
      if (match[2] === '/conversations') return new HttpAnswer(405, undefined);
      if (match[2] !== undefined && method === 'POST')
        return addNote(ticket, await readForm(contentType, body));
      if (match[2] === undefined && method === 'GET') return new HttpAnswer(200, ticketJson(ticket));
      if (match[2] === undefined && method === 'PUT') {
        const { fields } = await readForm(contentType, body);
        if (fields.status !== undefined) {
          const status = Number(fields.status);
          if (!STATUSES.includes(status)) return validation([invalidValue('status', STATUSES)]);
          ticket.status = status;
        }
        return new HttpAnswer(200, ticketJson(ticket));
      }
      return new HttpAnswer(405, undefined);
    }
    return new HttpAnswer(404, undefined);
  }

  function createTicket({ fields, files }: FormBody): HttpAnswer {
    const errors: FieldError[] = [];
    for (const name of Object.keys(fields)) {
      if (!TICKET_FIELDS.has(name))
        errors.push({ field: name, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
    }
    const email = typeof fields.email === 'string' ? fields.email : undefined;
    if (email === undefined && fields.requester_id === undefined) {
      errors.push({
        field: 'requester_id',
        message:
          'Please fill at least 1 of email, mobile, phone, requester_id, twitter_id, unique_external_id fields',
        code: 'missing_field',
      });
    }
    for (const name of ['subject', 'description']) {
      if (typeof fields[name] !== 'string' || fields[name] === '') {
        errors.push({
          field: name,
          message: 'It should not be blank as this is a mandatory field',
          code: 'missing_field',
        });
      }
    }
    const status = Number(fields.status ?? 2);
    const priority = Number(fields.priority ?? 1);
    const source = Number(fields.source ?? 2);
    if (!STATUSES.includes(status)) errors.push(invalidValue('status', STATUSES));
    if (!PRIORITIES.includes(priority)) errors.push(invalidValue('priority', PRIORITIES));
    if (!SOURCES.includes(source)) errors.push(invalidValue('source', SOURCES));
    const groupId = fields.group_id === undefined ? null : Number(fields.group_id);
    if (groupId !== null && !groups.has(groupId)) {
      errors.push({
        field: 'group_id',
        message: 'There is no group matching the given group_id',
        code: 'invalid_value',
      });
    }
    const custom = (fields.custom_fields ?? {}) as Record<string, string>;
    for (const name of Object.keys(custom)) {
      if (!customFields.has(name))
        errors.push({ field: name, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
    }
    if (files.reduce((sum, file) => sum + file.content.length, 0) > maxAttachmentBytes) {
      errors.push({
        field: 'attachments',
        message: 'The cumulative size of the attachments exceeds 20 MB',
        code: 'invalid_size',
      });
    }
    if (errors.length > 0) return validation(errors);
    const requester =
      (email !== undefined ? contactByEmail(email) : contacts.get(Number(fields.requester_id))) ??
      addContact(email ?? 'unknown@example.invalid', typeof fields.name === 'string' ? fields.name : '');
    const ticket: FakeFreshdeskTicket = {
      id: state.nextTicket++,
      requesterId: requester.id,
      subject: String(fields.subject),
      description: String(fields.description),
      status,
      deleted: false,
      priority,
      source,
      groupId,
      tags: asStrings(fields.tags),
      ccEmails: asStrings(fields.cc_emails),
      customFields: { ...custom },
      attachments: files,
      notes: [],
    };
    tickets.set(ticket.id, ticket);
    return new HttpAnswer(201, ticketJson(ticket));
  }

  function addNote(ticket: FakeFreshdeskTicket, { fields, files }: FormBody): HttpAnswer {
    if (typeof fields.body !== 'string' || fields.body === '') {
      return validation([
        {
          field: 'body',
          message: 'It should not be blank as this is a mandatory field',
          code: 'missing_field',
        },
      ]);
    }
    const userId = fields.user_id === undefined ? undefined : Number(fields.user_id);
    if (userId !== undefined && !contacts.has(userId)) {
      return validation([
        {
          field: 'user_id',
          message: 'There is no contact/agent matching the given user_id',
          code: 'invalid_value',
        },
      ]);
    }
    const total = [
      ...ticket.attachments,
      ...ticket.notes.flatMap((note) => note.attachments),
      ...files,
    ].reduce((sum, file) => sum + file.content.length, 0);
    if (total > maxAttachmentBytes) {
      return validation([
        {
          field: 'attachments',
          message: 'The cumulative size of the attachments exceeds 20 MB',
          code: 'invalid_size',
        },
      ]);
    }
    const note: FakeFreshdeskNote = {
      id: state.nextNote++,
      body: fields.body,
      incoming: String(fields.incoming) === 'true',
      private: String(fields.private ?? 'true') === 'true',
      userId,
      attachments: files,
    };
    ticket.notes.push(note);
    return new HttpAnswer(201, {
      id: note.id,
      body: note.body,
      incoming: note.incoming,
      private: note.private,
      user_id: note.userId ?? 1,
      ticket_id: ticket.id,
      attachments: note.attachments.map(fileJson),
    });
  }

  /**
   * List All Conversations of a Ticket: its replies and notes, oldest first, each with its
   * `attachments` (`size` in bytes), paged by `page` and `per_page`
   * (https://developers.freshdesk.com/api/#list_all_ticket_notes).
   */
  function conversations(ticket: FakeFreshdeskTicket, query: URLSearchParams): HttpAnswer {
    const perPage = Math.min(Number(query.get('per_page') ?? DEFAULT_PER_PAGE), MAX_PER_PAGE);
    const page = Number(query.get('page') ?? 1);
    const shown = ticket.notes.slice((page - 1) * perPage, page * perPage);
    return new HttpAnswer(
      200,
      shown.map((note) => ({
        id: note.id,
        body: note.body,
        incoming: note.incoming,
        private: note.private,
        user_id: note.userId ?? 1,
        ticket_id: ticket.id,
        attachments: note.attachments.map(fileJson),
      })),
    );
  }

  function search(query: string | null): HttpAnswer {
    const match = query === null ? null : /^"(cf_\w+):'([^']*)'"$/.exec(query);
    if (match === null) {
      return validation([
        { field: 'query', message: "It should be in the 'field:value' format", code: 'invalid_value' },
      ]);
    }
    const [, field = '', value] = match;
    if (!customFields.has(field)) {
      return validation([{ field, message: 'Unexpected/invalid field in request', code: 'invalid_field' }]);
    }
    const results = [...tickets.values()].filter(
      (ticket) => !ticket.deleted && ticket.customFields[field] === value,
    );
    return new HttpAnswer(200, { results: results.map(ticketJson), total: results.length });
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  const listening = await listenLocally(server);
  return {
    url: listening.origin,
    tickets,
    contacts,
    requests,
    get unauthorized() {
      return state.unauthorized;
    },
    close: listening.close,
  };
}

function ticketJson(ticket: FakeFreshdeskTicket) {
  return {
    id: ticket.id,
    requester_id: ticket.requesterId,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    source: ticket.source,
    group_id: ticket.groupId,
    tags: ticket.tags,
    cc_emails: ticket.ccEmails,
    custom_fields: ticket.customFields,
    deleted: ticket.deleted,
    attachments: ticket.attachments.map(fileJson),
  };
}

function contactJson(contact: FakeFreshdeskContact) {
  return { id: contact.id, email: contact.email, name: contact.name };
}

function fileJson(file: FakeFile, index: number) {
  return { id: index + 1, name: file.name, content_type: file.contentType, size: file.content.length };
}

function invalidValue(field: string, allowed: readonly number[]): FieldError {
  return {
    field,
    message: `It should be one of these values: '${allowed.join(',')}'`,
    code: 'invalid_value',
  };
}

function validation(errors: FieldError[]): HttpAnswer {
  return new HttpAnswer(400, { description: 'Validation failed', errors });
}

function asStrings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Reads JSON or multipart (Freshdesk's `name[]` and `name[key]` syntax) into fields and files. */
async function readForm(contentType: string | undefined, body: Buffer): Promise<FormBody> {
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
    const fields: Record<string, unknown> = {};
    const files: FakeFile[] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value !== 'string') {
        files.push({
          name: value.name,
          contentType: value.type,
          content: Buffer.from(await value.arrayBuffer()),
        });
        continue;
      }
      const array = /^(\w+)\[\]$/.exec(name);
      const keyed = /^(\w+)\[(\w+)\]$/.exec(name);
      if (array?.[1] !== undefined) {
        const list = (fields[array[1]] ?? []) as string[];
        fields[array[1]] = [...list, value];
      } else if (keyed?.[1] !== undefined && keyed[2] !== undefined) {
        const map = (fields[keyed[1]] ?? {}) as Record<string, string>;
        fields[keyed[1]] = { ...map, [keyed[2]]: value };
      } else {
        fields[name] = value;
      }
    }
    return { fields, files };
  }
  if (body.length === 0) return { fields: {}, files: [] };
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  return { fields: (parsed ?? {}) as Record<string, unknown>, files: [] };
}

function authorised(header: string | undefined, apiKey: string): boolean {
  if (header === undefined || !header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded.split(':')[0] === apiKey;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body === undefined ? '' : JSON.stringify(body));
}
