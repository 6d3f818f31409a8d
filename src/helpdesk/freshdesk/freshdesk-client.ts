import type { AxiosInstance, Method } from 'axios';
import { callHostedApi, type HostedApi, type HostedApiAnswer } from '../shared/hosted-api-call.js';

/** Settings of {@link FreshdeskClient}. */
export interface FreshdeskClientOptions {
  /** `https://<domain>.freshdesk.com`, no trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
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
export class FreshdeskClient {
  private readonly api: HostedApi;

  constructor(options: FreshdeskClientOptions) {
    this.api = {
      helpdesk: 'Freshdesk',
      baseUrl: options.baseUrl,
      authorization: `Basic ${Buffer.from(`${options.apiKey}:X`).toString('base64')}`,
      timeoutMs: options.timeoutMs,
      http: options.http,
      now: options.now,
      summariseError: summariseFreshdeskError,
    };
  }

  call(call: FreshdeskCall): Promise<HostedApiAnswer> {
    return callHostedApi(this.api, {
      method: call.method,
      path: call.path,
      headers: call.json !== undefined ? { 'content-type': 'application/json' } : {},
      data: call.form ?? (call.json !== undefined ? JSON.stringify(call.json) : undefined),
      accept: call.accept,
    });
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
