import type { AxiosResponse } from 'axios';
import { redactUrl } from '../../config/index.js';
import { HelpdeskError } from '../helpdesk-error.js';
import { header } from './http-text-answer.js';

/** How much of an error response is kept for the dead letter. */
const MAX_KEPT_BODY = 4096;

/** What a failure message names: the helpdesk, and the request when it has more than one. */
export interface HelpdeskCallLabel {
  /** The helpdesk as a message starts with it: `RT`, `Zendesk`, `the webhook`. */
  readonly helpdesk: string;
  /** The request without its query string (which may hold a mail address): `GET /ticket/7`. */
  readonly request?: string;
}

/**
 * The failure of a request that got no answer (refused, reset, timed out): retryable. The error
 * is described by its code (`ECONNREFUSED`, `ECONNABORTED`) or message only; the axios error is
 * not kept as `cause` because its `config` holds the request headers, credentials included.
 */
export function networkFailure(label: HelpdeskCallLabel, error: unknown): HelpdeskError {
  const description = describeNetworkError(error);
  const request = label.request === undefined ? '' : ` (${label.request})`;
  return new HelpdeskError(`${label.helpdesk} could not be reached${request}: ${description}`, {
    retryable: true,
    cause: new Error(description),
  });
}

/**
 * The failure of a request the helpdesk answered with a status the caller does not take as an
 * answer (not 2xx, not an accepted 404): retryable by {@link isRetryableStatus}, with the wait the
 * helpdesk asked for in `Retry-After` and the start of the body. `detail` (the helpdesk's own
 * reason, read from the body) ends the message. A redirect (3xx, never followed) is a wrong
 * helpdesk URL: permanent, and its message names the `Location` instead.
 */
export function responseFailure(
  label: HelpdeskCallLabel,
  response: AxiosResponse,
  text: string,
  now: number,
  detail?: string,
): HelpdeskError {
  const request = label.request === undefined ? '' : ` to ${label.request}`;
  const explanation = redirectExplanation(response) ?? detail;
  const reason = explanation === undefined || explanation === '' ? '' : `: ${explanation}`;
  const retryAfter = header(response, 'retry-after');
  return new HelpdeskError(`${label.helpdesk} answered ${response.status}${request}${reason}`, {
    status: response.status,
    retryable: isRetryableStatus(response.status),
    responseBody: keptBody(text),
    ...(retryAfter !== undefined ? { retryAfterMs: parseRetryAfter(retryAfter, now) } : {}),
  });
}

/**
 * What a 3xx answer means for the operator; undefined for any other status. popdesk follows no
 * redirect (see `textAnswerConfig`), so the configured URL must be the one that answers. The
 * Location's query values are hidden: a redirect from http to https echoes the configured URL,
 * token and all.
 */
function redirectExplanation(response: AxiosResponse): string | undefined {
  if (response.status < 300 || response.status >= 400) return undefined;
  const location = header(response, 'location');
  const target =
    location === undefined
      ? 'a redirect without a Location'
      : `a redirect to ${redactUrl(location.slice(0, 500))}`;
  return `${target}; popdesk follows no redirect: set helpdesk.url to the address that answers`;
}

/** The part of a response body an error keeps for the dead letter. */
export function keptBody(text: string): string {
  return text.slice(0, MAX_KEPT_BODY);
}

/** The error code (`ECONNREFUSED`, `ECONNABORTED`) or message: never the request config. */
function describeNetworkError(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether a failed HTTP status may succeed on retry. 4xx means the request itself is wrong and
 * repeating it cannot help, except 408 (timeout), 409 (conflict, often a concurrent write) and
 * 429 (rate limit); 5xx may pass later.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 409 || status === 429) return true;
  return status >= 500;
}

/**
 * Reads a Retry-After header (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
 * Returns milliseconds from `now`, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads "-5" as a year; an HTTP date always names its weekday and month.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
