import type { AxiosInstance, AxiosResponse } from 'axios';
import { HelpdeskError } from '../helpdesk-error.js';
import { networkFailure, responseFailure } from '../shared/helpdesk-http-failure.js';
import { answerText, textAnswerConfig } from '../shared/http-text-answer.js';

/** Where {@link fetchPublicHelpTopics} looks, and how. */
export interface OsTicketTopicLookupOptions {
  /** The adapter's API base (`https://help.example.com/api` or `.../api/http.php`). */
  readonly url: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
}

/** Why a route target will not reach the help topic it names. */
export interface OsTicketTopicProblem {
  readonly target: string;
  readonly reason: 'not-an-id' | 'not-public';
}

/**
 * The help topics osTicket offers on its public "Open a New Ticket" form (`open.php`), id to
 * name. osTicket's API has no call that lists topics, and it files a ticket whose `topicId` names
 * no topic under the default one without a word (`TicketApiController::getRequestStructure` only
 * applies a topic it finds). The public form is the one place a client can read them; it lists
 * active public topics only, and needs no login unless _Require registration_ is on (then this
 * throws). For `popdesk check`, with {@link osTicketTopicProblems}.
 */
export async function fetchPublicHelpTopics(
  options: OsTicketTopicLookupOptions,
): Promise<Map<number, string>> {
  const page = new URL('open.php', `${osTicketSiteUrl(options.url)}/`).toString();
  const label = { helpdesk: 'osTicket', request: 'GET open.php' };
  let response: AxiosResponse<string>;
  try {
    response = await options.http.get<string>(page, {
      timeout: options.timeoutMs,
      ...textAnswerConfig(4 * 1024 * 1024),
    });
  } catch (error) {
    throw networkFailure(label, error);
  }
  const html = answerText(response);
  if (response.status !== 200) throw responseFailure(label, response, html, options.now());
  const topics = readHelpTopicOptions(html);
  if (topics === undefined) {
    throw new HelpdeskError(
      "osTicket's open.php has no help topic list (does it require clients to log in?)",
      {
        status: response.status,
        retryable: false,
      },
    );
  }
  return topics;
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
 * The route targets that will not reach their topic: not a topic id at all (a dead letter in json
 * mode), or not among the public topics (unknown, or private: osTicket files an unknown id under
 * its default topic, and a private one cannot be told apart from outside). Pure.
 */
export function osTicketTopicProblems(
  targets: readonly string[],
  publicTopics: ReadonlyMap<number, string>,
): OsTicketTopicProblem[] {
  return targets.flatMap((target): OsTicketTopicProblem[] => {
    if (!/^\d{1,9}$/.test(target.trim())) return [{ target, reason: 'not-an-id' }];
    return publicTopics.has(Number(target.trim())) ? [] : [{ target, reason: 'not-public' }];
  });
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
