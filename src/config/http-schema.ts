import { z } from 'zod';
import { integerSchema } from './scalar-schemas.js';

/** Loopback only by default: /metrics names mailboxes and queue sizes, which are nobody else's business. */
const DEFAULT_HOST = '127.0.0.1';
/** OpenTelemetry's Prometheus exporter port: where scrape configs for a sidecar-less service look first. */
const DEFAULT_PORT = 9464;

/**
 * The HTTP listener of `popdesk start`: `/metrics`, `/healthz` and `/readyz`. One-shot commands
 * (`poll-once`, `dead-letters`, ...) never open it.
 */
export const httpSchema = z.strictObject({
  /** Address to listen on: an IP address or host name. Default `127.0.0.1`. */
  host: z
    .string({
      error: (issue) => (issue.input === undefined ? undefined : 'must be an IP address or host name'),
    })
    .regex(/^[A-Za-z0-9.:_-]+$/, { error: 'must be an IP address or host name, e.g. 0.0.0.0 or ::' })
    .default(DEFAULT_HOST),
  /** TCP port, 0-65535; 0 takes a free port (the bound address is logged). Default `9464`. */
  port: integerSchema(0, 65535).default(DEFAULT_PORT),
});

/** The HTTP listener settings. */
export type HttpConfig = z.output<typeof httpSchema>;
