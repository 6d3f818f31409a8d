import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake's server once it listens: its origin and how to stop it. */
export interface ListeningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
  /** Drops open connections (keep-alive ones too) and stops listening. */
  close(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1. */
export async function listenLocally(server: Server): Promise<ListeningServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The whole body of a request. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A canned answer in place of the normal one. `drop: 'before'` closes the connection without
 * handling the request; `drop: 'after'` handles it, then closes without answering (a lost answer).
 * `delayMs` alone handles the request normally, that much later.
 */
export interface ScriptedResponse {
  readonly delayMs?: number;
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly drop?: 'before' | 'after';
}
