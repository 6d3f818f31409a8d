import { type AxiosInstance, type InternalAxiosRequestConfig, isAxiosError } from 'axios';
import type { PipelineMetrics } from '../observability/metrics/pipeline-metrics.js';

/**
 * Times every request `http` sends and reports it as a helpdesk call with its status. Adds
 * interceptors to `http` itself: give it the client only the helpdesk adapter uses.
 */
export function observeHelpdeskRequests(
  http: AxiosInstance,
  metrics: PipelineMetrics,
  now: () => number,
): void {
  const started = new WeakMap<InternalAxiosRequestConfig, number>();
  const seconds = (config: InternalAxiosRequestConfig | undefined): number | undefined => {
    const start = config === undefined ? undefined : started.get(config);
    return start === undefined ? undefined : (now() - start) / 1000;
  };
  http.interceptors.request.use((config) => {
    started.set(config, now());
    return config;
  });
  http.interceptors.response.use(
    (response) => {
      const elapsed = seconds(response.config);
      if (elapsed !== undefined) metrics.helpdeskCall(response.status, elapsed);
      return response;
    },
    (error: unknown) => {
      if (isAxiosError(error)) {
        const elapsed = seconds(error.config);
        if (elapsed !== undefined) metrics.helpdeskCall(error.response?.status, elapsed);
      }
      return Promise.reject(error);
    },
  );
}
