import type { AxiosInstance, AxiosResponse, Method } from 'axios';
import { networkFailure, responseFailure } from './helpdesk-http-failure.js';
import { answerText, parseJson, textAnswerConfig } from './http-text-answer.js';

/** Largest answer read from a hosted helpdesk's API. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Where a hosted helpdesk's JSON API is (Freshdesk, Zendesk) and how popdesk logs in to it. */
export interface HostedApi {
  /** The helpdesk as failure messages name it: `Freshdesk`. */
  readonly helpdesk: string;
  /** `https://<account>.<helpdesk>.com`, no trailing slash. */
  readonly baseUrl: string;
  /** The `Authorization` header of every call. */
  readonly authorization: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch, for Retry-After dates. */
  readonly now: () => number;
  /** One line from the helpdesk's error body for the failure message; empty when it has none. */
  readonly summariseError: (body: unknown) => string;
}

/** One call to a {@link HostedApi}. */
export interface HostedApiCall {
  readonly method: Method;
  /** Path under the base URL, query string included and already encoded. */
  readonly path: string;
  /** Headers besides `Authorization` and `Accept`: the body's content type and the like. */
  readonly headers: Readonly<Record<string, string>>;
  readonly data: string | Buffer | FormData | undefined;
  /** Non-2xx statuses returned to the caller instead of thrown, e.g. 404 for "no such ticket". */
  readonly accept: readonly number[] | undefined;
}

/** An answer the caller accepted: 2xx, or a status it asked to see (404). */
export interface HostedApiAnswer {
  readonly status: number;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  readonly body: unknown;
}

/**
 * Sends one call, following no redirect, and turns every failure into a `HelpdeskError`: no
 * answer is retryable ({@link networkFailure}); a status that is neither 2xx nor accepted is
 * classified by status, with its Retry-After and the helpdesk's own reason
 * ({@link responseFailure}). Failure messages name the method and path, never the query string.
 */
export async function callHostedApi(api: HostedApi, call: HostedApiCall): Promise<HostedApiAnswer> {
  const label = {
    helpdesk: api.helpdesk,
    request: `${call.method.toUpperCase()} ${call.path.replace(/\?.*$/, '')}`,
  };
  let response: AxiosResponse<string>;
  try {
    response = await api.http.request<string>({
      method: call.method,
      url: `${api.baseUrl}${call.path}`,
      headers: { authorization: api.authorization, accept: 'application/json', ...call.headers },
      data: call.data,
      timeout: api.timeoutMs,
      ...textAnswerConfig(MAX_ANSWER_BYTES),
    });
  } catch (error) {
    throw networkFailure(label, error);
  }
  const text = answerText(response);
  const body = parseJson(text);
  if ((response.status >= 200 && response.status < 300) || call.accept?.includes(response.status)) {
    return { status: response.status, body };
  }
  throw responseFailure(label, response, text, api.now(), api.summariseError(body));
}
