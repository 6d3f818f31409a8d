import net, { type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Where to forward and how much delay to add. */
export interface LatencyProxyOptions {
  readonly targetHost: string;
  readonly targetPort: number;
  /** Added to every chunk in each direction, so the round trip grows by twice this. */
  readonly oneWayDelayMs: number;
}

/** A running proxy on 127.0.0.1. */
export interface LatencyProxy {
  readonly host: string;
  readonly port: number;
  /** Stops listening and drops every connection still open. */
  close(): Promise<void>;
}

/** Bytes held for one direction beyond which the sending side is paused (TCP-like back-pressure). */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

type Event = { readonly kind: 'data'; readonly chunk: Buffer } | { readonly kind: 'end' | 'reset' };

/**
 * One direction of a connection: every event (a chunk, the sender's FIN, its reset) is passed on
 * `delayMs` after it arrived, in arrival order. This models a long link with unlimited
 * bandwidth, which is what makes pipelining matter: a lock-step client pays one round trip per
 * command, a pipelining one about one per window.
 */
class DelayLine {
  private readonly queue: Array<{ readonly due: number; readonly event: Event }> = [];
  private timer: NodeJS.Timeout | undefined;
  private heldBytes = 0;
  private stopped = false;

  constructor(
    private readonly source: Socket,
    private readonly destination: Socket,
    private readonly delayMs: number,
  ) {
    destination.on('drain', () => this.source.resume());
  }

  push(event: Event): void {
    if (this.stopped) return;
    this.queue.push({ due: performance.now() + this.delayMs, event });
    if (event.kind === 'data') {
      this.heldBytes += event.chunk.length;
      if (this.heldBytes > HIGH_WATER_BYTES) this.source.pause();
    }
    if (this.timer === undefined) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(): void {
    const head = this.queue[0];
    if (head === undefined) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, head.due - performance.now()));
  }

  private flush(): void {
    this.timer = undefined;
    // Timers have millisecond resolution; a chunk due within half a millisecond goes now.
    const now = performance.now() + 0.5;
    while (this.queue.length > 0 && (this.queue[0]?.due ?? Number.POSITIVE_INFINITY) <= now) {
      const { event } = this.queue.shift() as { event: Event };
      this.deliver(event);
    }
    if (this.heldBytes <= HIGH_WATER_BYTES && this.destination.writableNeedDrain === false) {
      this.source.resume();
    }
    this.schedule();
  }

  private deliver(event: Event): void {
    const destination = this.destination;
    if (event.kind === 'data') this.heldBytes -= event.chunk.length;
    if (destination.destroyed || destination.writableEnded) return;
    if (event.kind === 'data') {
      if (!destination.write(event.chunk)) this.source.pause();
    } else if (event.kind === 'end') {
      destination.end();
    } else {
      destination.resetAndDestroy();
    }
  }
}

/** Relays `source` into `line`: data, then either its FIN or, if it closed without one, a reset. */
function relay(source: Socket, line: DelayLine): void {
  let ended = false;
  source.on('data', (chunk: Buffer) => line.push({ kind: 'data', chunk }));
  source.on('end', () => {
    ended = true;
    line.push({ kind: 'end' });
  });
  // An error is always followed by 'close', which passes the failure on as a reset.
  source.on('error', () => undefined);
  source.on('close', () => {
    if (!ended) line.push({ kind: 'reset' });
  });
}

/**
 * Starts a TCP proxy on 127.0.0.1 that forwards to the target with a fixed delay each way.
 * Half-closes pass through as half-closes and resets as resets, in order with the data.
 */
export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  if (!(options.oneWayDelayMs >= 0)) throw new RangeError(`invalid delay ${options.oneWayDelayMs} ms`);
  const sockets = new Set<Socket>();
  const lines = new Set<DelayLine>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const upstream = net.connect({
      host: options.targetHost,
      port: options.targetPort,
      allowHalfOpen: true,
      noDelay: true,
    });
    track(client);
    track(upstream);
    const toServer = new DelayLine(client, upstream, options.oneWayDelayMs);
    const toClient = new DelayLine(upstream, client, options.oneWayDelayMs);
    lines.add(toServer);
    lines.add(toClient);
    relay(client, toServer);
    relay(upstream, toClient);
    let open = 2;
    const forget = (): void => {
      open -= 1;
      if (open > 0) return;
      // Both sides are gone; nothing queued can be delivered any more.
      for (const line of [toServer, toClient]) {
        line.stop();
        lines.delete(line);
      }
    };
    client.on('close', forget);
    upstream.on('close', forget);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the proxy got no port');

  return {
    host: '127.0.0.1',
    port: address.port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const line of lines) line.stop();
      lines.clear();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
