import net, { type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 that can reset one POP3 connection in the middle of a RETR. */
export interface CuttingProxy {
  readonly host: string;
  readonly port: number;
  /**
   * Arms the proxy: the next connection that sends `RETR` is reset (both sides, RST) once
   * `afterBytes` bytes of the server's answers followed that first RETR. One cut per call.
   */
  arm(afterBytes: number): void;
  /** Connections reset so far. */
  readonly cuts: number;
  /** Stops listening and drops every connection still open. */
  close(): Promise<void>;
}

/**
 * Starts a plain relay to `target` that passes bytes both ways unchanged until it is armed. It
 * works on plain POP3 (no TLS), since it must see the RETR command go by.
 */
export async function startCuttingProxy(target: { host: string; port: number }): Promise<CuttingProxy> {
  const sockets = new Set<Socket>();
  const state = { armedBytes: undefined as number | undefined, cuts: 0 };

  const server = net.createServer({ noDelay: true }, (client) => {
    const upstream = net.connect({ host: target.host, port: target.port, noDelay: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A reset on one side is passed on to the other by the 'close' handlers below.
      socket.on('error', () => undefined);
    }
    let sawRetr = false;
    let budget: number | undefined;
    client.on('data', (chunk: Buffer) => {
      if (!sawRetr && state.armedBytes !== undefined && /^RETR /im.test(chunk.toString('latin1'))) {
        sawRetr = true;
        budget = state.armedBytes;
        state.armedBytes = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (budget !== undefined && chunk.length >= budget) {
        client.write(chunk.subarray(0, budget));
        state.cuts += 1;
        budget = undefined;
        client.resetAndDestroy();
        upstream.resetAndDestroy();
        return;
      }
      if (budget !== undefined) budget -= chunk.length;
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the proxy got no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    arm(afterBytes) {
      state.armedBytes = afterBytes;
    },
    get cuts() {
      return state.cuts;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
