import type { AxiosInstance, AxiosResponse } from 'axios';
import { HelpdeskError } from '../helpdesk-error.js';
import { networkFailure, responseFailure } from '../shared/helpdesk-http-failure.js';
import { answerText, textAnswerConfig } from '../shared/http-text-answer.js';

/** Where {@link fetchOsTicketPublicForm} looks, and how. */
export interface OsTicketFormLookupOptions {
  /** The adapter's API base (`https://help.example.com/api` or `.../api/http.php`). */
  readonly url: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
}

/** What osTicket's public "Open a New Ticket" form tells about its settings. */
export interface OsTicketPublicForm {
  /** Active public help topics, id to name. */
  readonly topics: ReadonlyMap<number, string>;
  /**
   * The largest file the ticket form takes, in bytes: the message field's size limit, else the
   * system's _Maximum File Size_, the same limit the JSON API applies. Undefined when the form
   * offers no file upload (attachments off for the message field: the API then drops them all).
   */
  readonly maxFileSize: number | undefined;
}

/** What popdesk's osTicket settings ask for that osTicket will not do. */
export type OsTicketSetupProblem =
  /** A route target that is no number: a dead letter in json mode. */
  | { readonly kind: 'target-not-an-id'; readonly target: string }
  /** Not among the public topics: unknown (osTicket would ignore it) or private (fine, unseen). */
  | { readonly kind: 'target-not-public'; readonly target: string }
  /** `maxFileSize` above osTicket's limit: files between the two would be dropped in json mode. */
  | { readonly kind: 'max-file-size-too-big'; readonly configured: number; readonly osTicket: number }
  /** The form takes no files: in json mode osTicket may drop every attachment. */
  | { readonly kind: 'no-file-upload' };

/**
 * Reads osTicket's public "Open a New Ticket" form (`open.php`, then `open.php?topicId=<first
 * topic>` for the ticket details with its file upload): the help topics and the file size limit.
 * osTicket's API can list neither, files a ticket whose `topicId` names no topic under no topic
 * without a word (`TicketApiController::getRequestStructure` only applies a topic it finds), and
 * drops an attachment over the limit while answering 201. The form lists active public topics
 * only and needs no login unless _Require registration_ is on (then this throws a permanent
 * {@link HelpdeskError}). For `popdesk check`, with {@link osTicketSetupProblems}.
 */
export async function fetchOsTicketPublicForm(
  options: OsTicketFormLookupOptions,
): Promise<OsTicketPublicForm> {
  const page = new URL('open.php', `${osTicketSiteUrl(options.url)}/`);
  const topics = readHelpTopicOptions(await get(options, page));
  if (topics === undefined) {
    throw new HelpdeskError(
      "osTicket's open.php has no help topic list (does it require clients to log in?)",
      {
        retryable: false,
      },
    );
  }
  const [first] = topics.keys();
  if (first === undefined) return { topics, maxFileSize: undefined };
  page.searchParams.set('topicId', String(first));
  return { topics, maxFileSize: readMaxFileSize(await get(options, page)) };
}

async function get(options: OsTicketFormLookupOptions, page: URL): Promise<string> {
  const label = { helpdesk: 'osTicket', request: 'GET open.php' };
  let response: AxiosResponse<string>;
  try {
    response = await options.http.get<string>(page.toString(), {
      timeout: options.timeoutMs,
      ...textAnswerConfig(4 * 1024 * 1024),
    });
  } catch (error) {
    throw networkFailure(label, error);
  }
  const html = answerText(response);
  if (response.status !== 200) throw responseFailure(label, response, html, options.now());
  return html;
}

/** The site a configured API base belongs to: `.../api` and `.../api/http.php` cut off. Pure. */
export function osTicketSiteUrl(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '').replace(/\/api(?:\/http\.php)?$/, '');
}

/** The options of the `topicId` select on osTicket's open.php; undefined when the page has none. Pure. */
export function readHelpTopicOptions(html: string): Map<number, string> | undefined {
  const select = /<select\b[^>]*\bname="topicId"[^>]*>([\s\S]*?)<\/select>/i.exec(html)?.[1];
  if (select === undefined) return undefined;
  const topics = new Map<number, string>();
  for (const option of select.matchAll(/<option\b[^>]*\bvalue="(\d+)"[^>]*>([^<]*)/gi)) {
    topics.set(Number(option[1]), decodeEntities(option[2] ?? '').trim());
  }
  return topics;
}

/**
 * The smallest `maxfilesize` (in MiB, as `FileUploadWidget::render` prints it for its upload
 * script) on a form page, in bytes; undefined when the page has no file upload. Pure.
 */
export function readMaxFileSize(html: string): number | undefined {
  const sizes = [...html.matchAll(/\bmaxfilesize:\s*(\d+(?:\.\d+)?)\s*,/g)].map((match) =>
    Math.round(Number(match[1]) * 1024 * 1024),
  );
  return sizes.length === 0 ? undefined : Math.min(...sizes);
}

/**
 * What the configuration asks that osTicket will not do: route targets that are no public topic
 * id (an unknown one osTicket ignores; a private one works but cannot be told apart from outside,
 * so check should warn, not fail), and, in json mode, a `maxFileSize` above osTicket's or a form
 * that takes no files. Pure.
 */
export function osTicketSetupProblems(
  settings: {
    readonly targets: readonly string[];
    readonly mode: 'json' | 'raw-mail';
    readonly maxFileSize: number;
  },
  form: OsTicketPublicForm,
): OsTicketSetupProblem[] {
  const problems: OsTicketSetupProblem[] = settings.targets.flatMap((target): OsTicketSetupProblem[] => {
    if (!/^\d{1,9}$/.test(target.trim())) return [{ kind: 'target-not-an-id', target }];
    return form.topics.has(Number(target.trim())) ? [] : [{ kind: 'target-not-public', target }];
  });
  if (settings.mode === 'json' && form.maxFileSize === undefined) problems.push({ kind: 'no-file-upload' });
  if (settings.mode === 'json' && form.maxFileSize !== undefined && settings.maxFileSize > form.maxFileSize) {
    problems.push({
      kind: 'max-file-size-too-big',
      configured: settings.maxFileSize,
      osTicket: form.maxFileSize,
    });
  }
  return problems;
}

const NAMED_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (entity, code: string) => {
    if (!code.startsWith('#')) return NAMED_ENTITIES.get(code.toLowerCase()) ?? entity;
    const point = /^#x/i.test(code) ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
    return point <= 0x10ffff ? String.fromCodePoint(point) : entity;
  });
}
