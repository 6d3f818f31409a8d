import type { AxiosInstance, AxiosResponse } from 'axios';
import { isRetryableStatus } from '../classify-http-status.js';
import { HelpdeskError } from '../errors/helpdesk-error.js';
import { parseRetryAfter } from '../parse-retry-after.js';

/** How much of an error response is kept for the dead letter. */
const MAX_KEPT_BODY = 4096;

/** Where and how {@link ZammadClient} talks to one Zammad instance. */
export interface ZammadClientOptions {
  /** Base URL of the instance, e.g. `https://zammad.example.com`; `/api/v1/...` is appended. */
  readonly url: string;
  /** A personal access token; sent as `Authorization: Token token=<token>`. */
  readonly token: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
}

/** One REST call. */
export interface ZammadCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Path below the base URL, e.g. `/api/v1/tickets`. */
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Non-2xx statuses that are an answer rather than a failure (404 for a lookup). */
  readonly accept?: readonly number[];
}

/** A 2xx (or accepted) answer, its body parsed as JSON when it was JSON. */
export interface ZammadAnswer {
  readonly status: number;
  readonly data: unknown;
}

/**
 * The HTTP side of the Zammad adapter: token authentication, JSON in and out, and every failure
 * turned into a {@link HelpdeskError} classified by status, never by message text. Zammad's error
 * bodies are `{"error": "...", "error_human": "..."}`; the `error` text goes into the message.
 */
export class ZammadClient {
  private readonly base: URL;

  constructor(private readonly options: ZammadClientOptions) {
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  }

  async send(call: ZammadCall): Promise<ZammadAnswer> {
    const url = new URL(call.path.replace(/^\/+/, ''), this.base);
    let response: AxiosResponse<string>;
    try {
      response = await this.options.http.request<string>({
        method: call.method,
        url: url.toString(),
        ...(call.params !== undefined ? { params: call.params } : {}),
        ...(call.body !== undefined ? { data: JSON.stringify(call.body) } : {}),
        headers: {
          authorization: `Token token=${this.options.token}`,
          accept: 'application/json',
          ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        timeout: this.options.timeoutMs,
        responseType: 'text',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
        maxBodyLength: Number.POSITIVE_INFINITY,
        maxContentLength: 64 * 1024 * 1024,
      });
    } catch (error) {
      throw new HelpdeskError(`zammad could not be reached: ${describe(error)}`, {
        retryable: true,
        cause: error,
      });
    }
    const text = typeof response.data === 'string' ? response.data : '';
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !(call.accept ?? []).includes(response.status)) {
      const retryAfter = header(response, 'retry-after');
      const reason = errorText(text);
      throw new HelpdeskError(
        `zammad answered ${response.status} to ${call.method} ${call.path}${reason === undefined ? '' : `: ${reason}`}`,
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
    return { status: response.status, data: parseJson(text) };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The `error` field of a Zammad error body, cut short for a log line. */
function errorText(text: string): string | undefined {
  const parsed = parseJson(text);
  if (
    parsed !== null &&
    typeof parsed === 'object' &&
    'error' in parsed &&
    typeof parsed.error === 'string'
  ) {
    return parsed.error.slice(0, 300);
  }
  return undefined;
}

function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function describe(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
