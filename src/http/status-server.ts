import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { HttpListenError } from './errors/http-listen-error.js';
import type { EventLoopLag } from './event-loop-lag.js';
import { healthVerdict } from './health-verdict.js';
import { type ReadinessCheck, readinessVerdict } from './readiness-verdict.js';
import { statusRoute } from './status-route.js';

/** A worst event-loop delay this long means the process is stuck, not busy. */
const MAX_EVENT_LOOP_LAG_MS = 5000;

/** What the listener answers from. */
export interface StatusServerDeps {
  readonly registry: Registry;
  readonly readiness: () => Promise<readonly ReadinessCheck[]>;
  readonly eventLoopLag: EventLoopLag;
  readonly logger: Logger;
}

/** A listening status server. */
export interface RunningStatusServer {
  /** Where it listens, e.g. `127.0.0.1:9464` (with the port taken when 0 was asked for). */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts the HTTP listener on `host:port`: `GET /metrics` (Prometheus text), `GET /healthz`
 * (the event loop is alive) and `GET /readyz` (Redis, the role's duties, the helpdesk circuit;
 * JSON naming what fails). HEAD is answered like GET without a body; other methods get 405,
 * other paths 404.
 */
export async function startStatusServer(
  deps: StatusServerDeps,
  host: string,
  port: number,
): Promise<RunningStatusServer> {
  deps.eventLoopLag.start();
  const server = createServer((request, response) => {
    void answer(deps, request, response).catch((error: unknown) => {
      deps.logger.warn({ err: error, path: request.url }, 'status request failed');
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n', false);
      else response.destroy();
    });
  });
  await listen(server, host, port);
  const bound = server.address() as AddressInfo;
  const address =
    bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`;
  deps.logger.info({ address }, 'HTTP listener ready: /metrics, /healthz, /readyz');
  return {
    address,
    port: bound.port,
    close: async () => {
      deps.eventLoopLag.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function answer(
  deps: StatusServerDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const route = statusRoute(request.method, request.url);
  switch (route.kind) {
    case 'not-found':
      return send(
        response,
        404,
        'text/plain; charset=utf-8',
        'not found: try /metrics, /healthz or /readyz\n',
        false,
      );
    case 'method-not-allowed':
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'text/plain; charset=utf-8', 'only GET and HEAD\n', false);
    case 'metrics':
      return send(response, 200, deps.registry.contentType, await deps.registry.metrics(), route.headOnly);
    case 'healthz': {
      const verdict = healthVerdict(deps.eventLoopLag.worstSinceLastLookMs(), MAX_EVENT_LOOP_LAG_MS);
      return sendJson(response, verdict.status, verdict.body, route.headOnly);
    }
    case 'readyz': {
      const verdict = readinessVerdict(await deps.readiness());
      return sendJson(response, verdict.status, verdict.body, route.headOnly);
    }
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headOnly: boolean): void {
  send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`, headOnly);
}

function send(response: ServerResponse, status: number, type: string, body: string, headOnly: boolean): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(headOnly ? undefined : body);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => reject(new HttpListenError(host, port, error));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}
