import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { readHeaderBlock } from '../../src/mail/header/header-block.js';
import { listenLocally, readBody, type ScriptedResponse } from './fake-http-server.js';

/** An attachment of a JSON ticket, decoded from its data URL. */
export interface FakeOsTicketAttachment {
  readonly name: string;
  readonly type: string;
  readonly data: Buffer;
}

/** One entry of a ticket's thread. */
export interface FakeOsTicketEntry {
  readonly via: 'json' | 'email';
  /** The Message-ID of a piped mail, with brackets; undefined for JSON. */
  readonly mid: string | undefined;
  /** The message after osTicket's data-URL parsing (JSON), or the raw mail (email). */
  readonly body: string;
  readonly format: 'html' | 'text' | 'email';
  readonly raw: Buffer | undefined;
  readonly attachments: readonly FakeOsTicketAttachment[];
}

/** A ticket as the fake holds it. */
export interface FakeOsTicketRecord {
  readonly number: string;
  readonly name: string;
  readonly email: string;
  readonly subject: string;
  readonly topicId: number | undefined;
  readonly priority: number | undefined;
  readonly source: string;
  readonly entries: FakeOsTicketEntry[];
}

/** One authenticated request. */
export interface FakeOsTicketRequest {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** A canned answer in place of osTicket's. */
export type ScriptedOsTicketResponse = ScriptedResponse;

/** Options of {@link startFakeOsTicket}. */
export interface FakeOsTicketOptions {
  readonly apiKey: string;
  readonly script?: (
    request: FakeOsTicketRequest,
    requestNumber: number,
  ) => ScriptedOsTicketResponse | undefined;
}

/** A running fake and what it holds. */
export interface FakeOsTicket {
  /** The API base, as the adapter's `url` setting takes it. */
  readonly url: string;
  readonly tickets: ReadonlyMap<string, FakeOsTicketRecord>;
  readonly requests: readonly FakeOsTicketRequest[];
  readonly unauthorized: number;
  close(): Promise<void>;
}

/** Fields `TicketApiController::getRequestStructure` accepts, plus the stock user and ticket form fields. */
const JSON_FIELDS = new Set([
  'alert',
  'autorespond',
  'source',
  'topicId',
  'attachments',
  'message',
  'ip',
  'priorityId',
  'name',
  'email',
  'phone',
  'notes',
  'subject',
  'priority',
]);

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An osTicket stand-in following its HTTP API (setup/doc/api/tickets.md) and the code behind it
 * (api/http.php, include/class.api.php, include/api.tickets.php):
 *
 * - `POST /tickets.json|.email` only; anything else 404 like the dispatcher.
 * - `X-API-Key` must match, else 401 `Valid API key required` (osTicket looks a key up by key and
 *   client address together, so a wrong key and a wrong address read the same).
 * - JSON: name, email, subject and message required, else 400 `Unable to create new ticket:
 *   validation errors`; message and attachments parsed as `Format::parseRfc2397` does (no
 *   %-decoding, no charset means ISO-8859-1, only the first `;` parameter read). An unknown field
 *   is 400 here; osTicket only logs it (`getRequest` validates non-strictly), so a misspelled
 *   field fails a test instead of vanishing.
 * - Email: a Message-ID seen before returns its ticket; In-Reply-To/References naming a stored
 *   Message-ID joins that ticket; `#<number>` in the subject from the ticket's owner joins it;
 *   otherwise a new ticket (`ThreadEntry::lookupByEmailHeaders`).
 * - Success is `201` with the ticket number as the body.
 */
export async function startFakeOsTicket(options: FakeOsTicketOptions): Promise<FakeOsTicket> {
  const tickets = new Map<string, FakeOsTicketRecord>();
  const requests: FakeOsTicketRequest[] = [];
  const counters = { ticket: 0, unauthorized: 0 };

  const nextNumber = (): string => {
    counters.ticket += 1;
    return String(100000 + counters.ticket);
  };

  const createFromJson = (body: Buffer): string => {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new ApiError(400, 'Invalid JSON');
    }
    const unexpected = Object.keys(data).filter((key) => !JSON_FIELDS.has(key));
    if (unexpected.length > 0)
      throw new ApiError(400, `${unexpected[0]}: Unexpected data received in API request`);
    const missing = ['name', 'email', 'subject', 'message'].filter(
      (key) => typeof data[key] !== 'string' || data[key] === '',
    );
    if (missing.length > 0) {
      throw new ApiError(
        400,
        `Unable to create new ticket: validation errors:\n${missing.join(': required\n')}`,
      );
    }
    const message = parseRfc2397(String(data.message), true);
    const attachments = Array.isArray(data.attachments)
      ? data.attachments.map((item: unknown) => {
          const entries = Object.entries(item as Record<string, unknown>);
          const [name, url] = entries[0] ?? ['', ''];
          const parsed = parseRfc2397(String(url), false);
          return { name, type: parsed.type, data: parsed.data };
        })
      : [];
    const number = nextNumber();
    tickets.set(number, {
      number,
      name: String(data.name),
      email: String(data.email).toLowerCase(),
      subject: String(data.subject),
      topicId: typeof data.topicId === 'number' ? data.topicId : undefined,
      priority: typeof data.priority === 'number' ? data.priority : undefined,
      source: typeof data.source === 'string' ? data.source : 'API',
      entries: [
        {
          via: 'json',
          mid: undefined,
          body: message.data.toString('utf8'),
          format: message.type === 'text/html' ? 'html' : 'text',
          raw: undefined,
          attachments,
        },
      ],
    });
    return number;
  };

  const pipeEmail = (raw: Buffer): string => {
    const headers = new Map<string, string>();
    for (const field of readHeaderBlock(raw).fields) {
      if (!headers.has(field.name)) headers.set(field.name, field.value.toString('latin1'));
    }
    const mid = headers.get('message-id')?.match(/<[^>]+>/)?.[0];
    const entry: FakeOsTicketEntry = { via: 'email', mid, body: '', format: 'email', raw, attachments: [] };
    const all = [...tickets.values()];
    if (mid !== undefined) {
      const seen = all.find((ticket) => ticket.entries.some((item) => item.mid === mid));
      if (seen !== undefined) return seen.number;
    }
    for (const header of ['in-reply-to', 'references']) {
      const ids = [...(headers.get(header) ?? '').matchAll(/<[^>@]+@[^>]+>/g)].map((m) => m[0]).reverse();
      for (const id of ids) {
        const ticket = all.find((item) => item.entries.some((e) => e.mid === id));
        if (ticket !== undefined) {
          ticket.entries.push(entry);
          return ticket.number;
        }
      }
    }
    const subject = headers.get('subject') ?? '';
    const from = (headers.get('from') ?? '').match(/[^\s<>"]+@[^\s<>"]+/)?.[0]?.toLowerCase() ?? '';
    // osTicket 1.10+: `#` then punctuation and letters or digits, stopping before `]` in `[#12345]`.
    const tagged = /#((?:\p{P}*[^\p{C}\p{Z}\p{P}]+)+)/u.exec(subject)?.[1];
    const owned = tagged === undefined ? undefined : tickets.get(tagged);
    if (owned !== undefined && owned.email === from) {
      owned.entries.push(entry);
      return owned.number;
    }
    const number = nextNumber();
    tickets.set(number, {
      number,
      name: from,
      email: from,
      subject: subject === '' ? '[No Subject]' : subject,
      topicId: undefined,
      priority: undefined,
      source: 'Email',
      entries: [entry],
    });
    return number;
  };

  const serve = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const body = await readBody(incoming);
    const path = new URL(incoming.url ?? '/', 'http://fake').pathname;
    const format = /^\/api\/tickets\.(json|email|xml)$/.exec(path)?.[1];
    if (incoming.method !== 'POST' || format === undefined) return send(outgoing, 404, 'Not found');
    if (incoming.headers['x-api-key'] !== options.apiKey) {
      counters.unauthorized += 1;
      return send(outgoing, 401, 'Valid API key required');
    }
    const request: FakeOsTicketRequest = {
      path,
      contentType: incoming.headers['content-type'],
      body,
    };
    requests.push(request);
    const scripted = options.script?.(request, requests.length);
    if (scripted?.delayMs !== undefined)
      await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted?.drop === 'before') return void outgoing.socket?.destroy();
    if (scripted?.status !== undefined) {
      outgoing.writeHead(scripted.status, { 'content-type': 'text/plain', ...scripted.headers });
      outgoing.end(scripted.body ?? '');
      return;
    }
    let status = 201;
    let text: string;
    try {
      if (format === 'xml') throw new ApiError(415, 'the fake speaks no XML');
      text = format === 'json' ? createFromJson(request.body) : pipeEmail(request.body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      text = error.message;
    }
    if (scripted?.drop === 'after') return void outgoing.socket?.destroy();
    send(outgoing, status, text);
  };

  const server = http.createServer((incoming, outgoing) => {
    serve(incoming, outgoing).catch((error: unknown) => send(outgoing, 500, String(error)));
  });
  const listening = await listenLocally(server);
  return {
    url: `${listening.origin}/api`,
    tickets,
    requests,
    get unauthorized() {
      return counters.unauthorized;
    },
    close: listening.close,
  };
}

/**
 * `Format::parseRfc2397` as osTicket has it: split at the first comma, data taken verbatim; the
 * parameter loop reads only the text after the first `;` as one `name=value`, so
 * `;charset=utf-8;base64` is a charset of `utf-8;base64` and no base64. Without a charset and with
 * `convert`, the data is read as ISO-8859-1 (and transcoded to UTF-8).
 */
function parseRfc2397(value: string, convert: boolean): { type: string; data: Buffer } {
  if (!value.startsWith('data:')) return { type: 'text/plain', data: Buffer.from(value, 'utf8') };
  const rest = value.slice(5);
  const comma = rest.indexOf(',');
  const meta = comma === -1 ? rest : rest.slice(0, comma);
  const contents = comma === -1 ? '' : rest.slice(comma + 1);
  const semicolon = meta.indexOf(';');
  const type = (semicolon === -1 ? meta : meta.slice(0, semicolon)) || 'text/plain';
  const extra = semicolon === -1 ? '' : meta.slice(semicolon + 1);
  const [param, paramValue] = extra.split('=', 2);
  if (param === 'base64') return { type, data: Buffer.from(contents, 'base64') };
  const charset = param === 'charset' ? paramValue : convert ? 'iso-8859-1' : undefined;
  const bytes = Buffer.from(contents, 'utf8');
  // Bytes sent as UTF-8 but declared (or assumed) ISO-8859-1 come out garbled, as in osTicket.
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    return { type, data: Buffer.from(bytes.toString('latin1'), 'utf8') };
  }
  return { type, data: bytes };
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
