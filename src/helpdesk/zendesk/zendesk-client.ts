import type { AxiosInstance, Method } from 'axios';
import { callHostedApi, type HostedApi, type HostedApiAnswer } from '../shared/hosted-api-call.js';

/** Settings of {@link ZendeskClient}. */
export interface ZendeskClientOptions {
  /** `https://<subdomain>.zendesk.com`, no trailing slash. */
  readonly baseUrl: string;
  /** The agent the API token acts as. */
  readonly email: string;
  readonly apiToken: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
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
export class ZendeskClient {
  private readonly api: HostedApi;

  constructor(private readonly options: ZendeskClientOptions) {
    this.api = {
      helpdesk: 'Zendesk',
      baseUrl: options.baseUrl,
      authorization: `Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`,
      timeoutMs: options.timeoutMs,
      http: options.http,
      now: options.now,
      summariseError: summariseZendeskError,
    };
  }

  /** The path part of an absolute URL on this account (a `next_page` link), or undefined if it points elsewhere. */
  pathOf(url: string): string | undefined {
    return url.startsWith(`${this.options.baseUrl}/`) ? url.slice(this.options.baseUrl.length) : undefined;
  }

  call(call: ZendeskCall): Promise<HostedApiAnswer> {
    return callHostedApi(this.api, {
      method: call.method,
      path: call.path,
      headers: {
        ...(call.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(call.binary !== undefined ? { 'content-type': call.binary.contentType } : {}),
        ...(call.idempotencyKey !== undefined ? { 'idempotency-key': call.idempotencyKey } : {}),
      },
      data: call.binary?.content ?? (call.json !== undefined ? JSON.stringify(call.json) : undefined),
      accept: call.accept,
    });
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
