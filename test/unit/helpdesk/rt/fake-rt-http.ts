import type { AxiosInstance, AxiosRequestConfig } from 'axios';

/** One scripted answer: a response, or an error thrown like axios throws network failures. */
export type FakeAnswer =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly error: Error };

/** A stand-in for axios: records each request and answers from `answer`. */
export function fakeHttp(answer: (config: AxiosRequestConfig, n: number) => FakeAnswer): {
  http: AxiosInstance;
  requests: AxiosRequestConfig[];
} {
  const requests: AxiosRequestConfig[] = [];
  const http = {
    async request(config: AxiosRequestConfig) {
      requests.push(config);
      const scripted = answer(config, requests.length);
      if ('error' in scripted) throw scripted.error;
      const { body } = scripted;
      return {
        status: scripted.status,
        headers: scripted.headers ?? {},
        data: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
      };
    },
  };
  return { http: http as unknown as AxiosInstance, requests };
}

/** The path and query of a recorded request, below /REST/2.0. */
export function pathOf(config: AxiosRequestConfig): string {
  return decodeURIComponent(String(config.url).replace(/^.*\/REST\/2\.0/, '')).replace(/\+/g, ' ');
}
