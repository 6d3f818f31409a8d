import type { AxiosInstance, AxiosResponse } from 'axios';
import { networkFailure, responseFailure } from '../shared/helpdesk-http-failure.js';
import { answerText, parseJson, textAnswerConfig } from '../shared/http-text-answer.js';

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
    const label = { helpdesk: 'zammad', request: `${call.method} ${call.path}` };
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
        ...textAnswerConfig(64 * 1024 * 1024),
      });
    } catch (error) {
      throw networkFailure(label, error);
    }
    const text = answerText(response);
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !(call.accept ?? []).includes(response.status)) {
      throw responseFailure(label, response, text, this.options.now(), errorText(text));
    }
    return { status: response.status, data: parseJson(text) };
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
