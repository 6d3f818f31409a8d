import type { AxiosInstance } from 'axios';
import type { HelpdeskConfig } from '../config/index.js';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import { WebhookAdapter } from '../helpdesk/webhook/webhook-adapter.js';

/** Builds the adapter the config names. */
export function createHelpdeskAdapter(
  config: HelpdeskConfig,
  http: AxiosInstance,
  now: () => number,
): HelpdeskAdapter {
  switch (config.type) {
    case 'webhook':
      return new WebhookAdapter({
        url: config.url,
        secret: config.secret,
        timeoutMs: config.timeout,
        headers: config.headers ?? {},
        http,
        now,
      });
  }
}
