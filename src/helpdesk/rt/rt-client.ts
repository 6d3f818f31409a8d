import type { AxiosInstance, AxiosResponse } from 'axios';
import { HelpdeskError } from '../helpdesk-error.js';
import { keptBody, networkFailure, responseFailure } from '../shared/helpdesk-http-failure.js';
import { answerText, parseJson, textAnswerConfig } from '../shared/http-text-answer.js';

/** REST2 answers are small JSON documents; attachments are never downloaded. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** How popdesk logs in to RT: an auth token (RT 5 core), or a user's password (HTTP Basic). */
export type RtAuth = { readonly token: string } | { readonly username: string; readonly password: string };

/** Settings for {@link RtClient}. */
export interface RtClientOptions {
  /** RT's base URL, e.g. `https://rt.example.com` or `https://example.com/rt`; REST2 is below it. */
  readonly url: string;
  readonly auth: RtAuth;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch, for Retry-After dates. */
  readonly now: () => number;
}

/** A REST2 answer: the status and the parsed JSON body (undefined when there was none). */
export interface RtResponse {
  readonly status: number;
  readonly body: unknown;
}

/** One REST2 call. */
export interface RtRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Below `/REST/2.0`, starting with `/`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Answer a 404 instead of throwing: for "does this ticket exist?". */
  readonly notFoundIsAnswer?: boolean;
}

/**
 * Talks JSON to RT's REST2 API and turns every failure into a {@link HelpdeskError}: no answer
 * (refused, reset, timed out) and 408/409/429/5xx are retryable, with the Retry-After RT or a
 * proxy sent; any other status, a redirect (the `url` is wrong) and a 2xx that is not JSON are
 * not. Errors name the method, path and status and keep the body; they never carry the
 * credentials, nor the axios error (its config holds the Authorization header).
 */
export class RtClient {
  private readonly base: string;
  private readonly authorization: string;

  constructor(private readonly options: RtClientOptions) {
    this.base = `${options.url.replace(/\/+$/, '')}/REST/2.0`;
    this.authorization =
      'token' in options.auth
        ? `token ${options.auth.token}`
        : `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`, 'utf8').toString('base64')}`;
  }

  async send(request: RtRequest): Promise<RtResponse> {
    const query = request.query === undefined ? '' : `?${new URLSearchParams(request.query).toString()}`;
    const label = { helpdesk: 'RT', request: `${request.method} ${request.path}` };
    let response: AxiosResponse<string>;
    try {
      response = await this.options.http.request<string>({
        method: request.method,
        url: `${this.base}${request.path}${query}`,
        headers: {
          accept: 'application/json',
          authorization: this.authorization,
          ...(request.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        },
        ...(request.body !== undefined ? { data: JSON.stringify(request.body) } : {}),
        timeout: this.options.timeoutMs,
        ...textAnswerConfig(MAX_RESPONSE_BYTES),
      });
    } catch (error) {
      throw networkFailure(label, error);
    }
    const text = answerText(response);
    if (response.status === 404 && request.notFoundIsAnswer === true) {
      return { status: 404, body: parseJson(text) };
    }
    if (response.status < 200 || response.status >= 300) {
      throw responseFailure(label, response, text, this.options.now());
    }
    const body = parseJson(text);
    if (body === undefined && text.trim() !== '') {
      throw new HelpdeskError(
        `RT answered ${response.status} to ${label.request} with a body that is not JSON`,
        {
          status: response.status,
          retryable: false,
          responseBody: keptBody(text),
        },
      );
    }
    return { status: response.status, body };
  }
}
