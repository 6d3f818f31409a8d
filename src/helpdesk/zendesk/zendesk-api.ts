import type { AxiosInstance, AxiosResponse, Method } from 'axios';
import { isRetryableStatus } from '../classify-http-status.js';
import { HelpdeskError } from '../errors/helpdesk-error.js';
import { parseRetryAfter } from '../parse-retry-after.js';

/** How much of an error response is kept for the dead letter. */
const MAX_KEPT_BODY = 4096;

/** Settings of {@link ZendeskApi}. */
export interface ZendeskApiOptions {
  /** `https://<subdomain>.zendesk.com`, no trailing slash. */
  readonly baseUrl: string;
  /** The agent the API token acts as. */
  readonly email: string;
  readonly apiToken: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
}

/** A Zendesk answer the caller accepted: 2xx, or a status it asked to see (404). */
export interface ZendeskAnswer {
  readonly status: number;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  readonly body: unknown;
}

/** What one call sends. */
export interface ZendeskCall {
  readonly method: Method;
  /** Path under the base URL, query string included and already encoded. */
  readonly path: string;
  readonly json?: unknown;
  /** A raw body (uploads) with its content type. */
  readonly binary?: { readonly content: Buffer; readonly contentType: string };
  /** Sent as `Idempotency-Key` (ticket creation only). */
  readonly idempotencyKey?: string;
  /** Non-2xx statuses returned to the caller instead of thrown, e.g. 404 for "no such ticket". */
  readonly accept?: readonly number[];
}

/**
 * Zendesk Support API over HTTPS with API token authentication: basic auth as
 * `{email}/token:{api_token}` (https://developer.zendesk.com/api-reference/introduction/security-and-auth/).
 * Every failure becomes a `HelpdeskError`: no answer is retryable; a status is classified by
 * `isRetryableStatus` (401, 403, 404, 422 permanent; 409, 429 and 5xx retryable) and carries
 * `Retry-After`.
 */
export class ZendeskApi {
  private readonly authorization: string;

  constructor(private readonly options: ZendeskApiOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`;
  }

  /** The path part of an absolute URL on this account (a `next_page` link), or undefined if it points elsewhere. */
  pathOf(url: string): string | undefined {
    return url.startsWith(`${this.options.baseUrl}/`) ? url.slice(this.options.baseUrl.length) : undefined;
  }

  async call(call: ZendeskCall): Promise<ZendeskAnswer> {
    const label = `${call.method.toUpperCase()} ${call.path.replace(/\?.*$/, '')}`;
    let response: AxiosResponse<string>;
    try {
      response = await this.options.http.request<string>({
        method: call.method,
        url: `${this.options.baseUrl}${call.path}`,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(call.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(call.binary !== undefined ? { 'content-type': call.binary.contentType } : {}),
          ...(call.idempotencyKey !== undefined ? { 'idempotency-key': call.idempotencyKey } : {}),
        },
        data: call.binary?.content ?? (call.json !== undefined ? JSON.stringify(call.json) : undefined),
        timeout: this.options.timeoutMs,
        responseType: 'text',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
        maxRedirects: 0,
        maxBodyLength: Number.POSITIVE_INFINITY,
        maxContentLength: 16 * 1024 * 1024,
      });
    } catch (error) {
      throw new HelpdeskError(`Zendesk could not be reached (${label}): ${describe(error)}`, {
        retryable: true,
        cause: error,
      });
    }
    const text = typeof response.data === 'string' ? response.data : '';
    const body = parseJson(text);
    if ((response.status >= 200 && response.status < 300) || call.accept?.includes(response.status)) {
      return { status: response.status, body };
    }
    const retryAfter = headerValue(response, 'retry-after');
    const detail = summariseZendeskError(body);
    throw new HelpdeskError(
      `Zendesk answered ${response.status} to ${label}${detail === '' ? '' : `: ${detail}`}`,
      {
        status: response.status,
        retryable: isRetryableStatus(response.status),
        responseBody: text.slice(0, MAX_KEPT_BODY),
        ...(retryAfter !== undefined
          ? { retryAfterMs: parseRetryAfter(retryAfter, this.options.now()) }
          : {}),
      },
    );
  }
}

/** The `error` code of a Zendesk error body (`RecordInvalid`, `IdempotentRequestError`, ...). Pure. */
export function zendeskErrorCode(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { error } = body as Record<string, unknown>;
  if (typeof error === 'string') return error;
  if (error !== null && typeof error === 'object') {
    const { title } = error as Record<string, unknown>;
    if (typeof title === 'string') return title;
  }
  return undefined;
}

/**
 * One line from a Zendesk error body: `{"error", "description", "details": {field: [{"description"}]}}`,
 * or `{"error": {"title", "message"}}`. Pure.
 */
export function summariseZendeskError(body: unknown): string {
  if (body === null || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  const code = zendeskErrorCode(body);
  if (code !== undefined) parts.push(code);
  if (typeof record.description === 'string') parts.push(record.description);
  if (record.error !== null && typeof record.error === 'object') {
    const { message } = record.error as Record<string, unknown>;
    if (typeof message === 'string') parts.push(message);
  }
  if (record.details !== null && typeof record.details === 'object') {
    for (const [field, problems] of Object.entries(record.details as Record<string, unknown>).slice(0, 5)) {
      if (!Array.isArray(problems)) continue;
      for (const problem of problems.slice(0, 3)) {
        const description = (problem as Record<string, unknown> | null)?.description;
        if (typeof description === 'string') parts.push(`${field}: ${description}`);
      }
    }
  }
  return parts.join('; ');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function headerValue(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function describe(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
