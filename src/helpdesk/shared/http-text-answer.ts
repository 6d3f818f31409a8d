import type { AxiosRequestConfig, AxiosResponse } from 'axios';

/** The request settings under which axios hands back every answer as it came. */
export type TextAnswerConfig = Pick<
  AxiosRequestConfig,
  | 'responseType'
  | 'transformResponse'
  | 'validateStatus'
  | 'maxBodyLength'
  | 'maxContentLength'
  | 'maxRedirects'
>;

/**
 * Settings that make axios resolve with every answer, whatever its status, its body as unparsed
 * text: the adapter classifies statuses itself, and a body that is not JSON is kept for the dead
 * letter instead of failing inside axios. Request bodies are not limited; answers above
 * `maxContentLength` bytes fail as a network error.
 *
 * Every helpdesk request goes out with these settings, so this is the one place that turns
 * redirects off: a 3xx comes back as an answer and fails as a misconfigured URL
 * (`responseFailure`). Following it would hand the credentials to another host, since
 * follow-redirects strips only `Authorization` and `Cookie` (not `X-API-Key` or a configured
 * header), and a 302 or 303 would turn the POST into a GET.
 */
export function textAnswerConfig(maxContentLength: number): TextAnswerConfig {
  return {
    responseType: 'text',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
    maxBodyLength: Number.POSITIVE_INFINITY,
    maxContentLength,
    maxRedirects: 0,
  };
}

/** The body of an answer received with {@link textAnswerConfig}; empty when there was none. */
export function answerText(response: AxiosResponse): string {
  return typeof response.data === 'string' ? response.data : '';
}

/** A header of the answer, by its lower-case name; undefined when absent or not one string. */
export function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The text parsed as JSON; undefined when it is absent, empty or not JSON. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
