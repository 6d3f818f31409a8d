import type { AxiosInstance, AxiosResponse, Method } from 'axios';
import { isRetryableStatus } from '../classify-http-status.js';
import { HelpdeskError } from '../errors/helpdesk-error.js';
import { parseRetryAfter } from '../parse-retry-after.js';

/** How much of an error response is kept for the dead letter. */
const MAX_KEPT_BODY = 4096;

/** Settings of {@link FreshdeskApi}. */
export interface FreshdeskApiOptions {
  /** `https://<domain>.freshdesk.com`, no trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
}

/** A Freshdesk answer the caller accepted: 2xx, or a status it asked to see (404). */
export interface FreshdeskAnswer {
  readonly status: number;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  readonly body: unknown;
}

/** What one call sends. */
export interface FreshdeskCall {
  readonly method: Method;
  /** Path under the base URL, query string included and already encoded. */
  readonly path: string;
  readonly json?: unknown;
  readonly form?: FormData;
  /** Non-2xx statuses returned to the caller instead of thrown, e.g. 404 for "no such ticket". */
  readonly accept?: readonly number[];
}

/**
 * Freshdesk API v2 over HTTPS: basic auth with the API key as user name and `X` as password
 * (https://developers.freshdesk.com/api/#authentication). Every failure becomes a
 * `HelpdeskError`: no answer is retryable; a status is classified by `isRetryableStatus` (400
 * validation, 401, 403, 404 permanent; 429 and 5xx retryable) and carries `Retry-After`.
 */
export class FreshdeskApi {
  private readonly authorization: string;

  constructor(private readonly options: FreshdeskApiOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:X`).toString('base64')}`;
  }

  async call(call: FreshdeskCall): Promise<FreshdeskAnswer> {
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
        },
        data: call.form ?? (call.json !== undefined ? JSON.stringify(call.json) : undefined),
        timeout: this.options.timeoutMs,
        responseType: 'text',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
        maxRedirects: 0,
        maxBodyLength: Number.POSITIVE_INFINITY,
        maxContentLength: 16 * 1024 * 1024,
      });
    } catch (error) {
      throw new HelpdeskError(`Freshdesk could not be reached (${label}): ${describe(error)}`, {
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
    const detail = summariseFreshdeskError(body);
    throw new HelpdeskError(
      `Freshdesk answered ${response.status} to ${label}${detail === '' ? '' : `: ${detail}`}`,
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

/**
 * One line from a Freshdesk error body: `{"description", "errors": [{"field", "message",
 * "code"}]}` for validation errors, `{"code", "message"}` for the others. Pure.
 */
export function summariseFreshdeskError(body: unknown): string {
  if (body === null || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof record.description === 'string') parts.push(record.description);
  if (typeof record.message === 'string') parts.push(record.message);
  if (Array.isArray(record.errors)) {
    for (const item of record.errors.slice(0, 5)) {
      if (item === null || typeof item !== 'object') continue;
      const { field, message } = item as Record<string, unknown>;
      if (typeof message === 'string')
        parts.push(typeof field === 'string' ? `${field}: ${message}` : message);
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
