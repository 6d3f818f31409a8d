import net, { type Socket } from 'node:net';

/** How the proxy makes Dovecot look. */
export type ServerBehaviour =
  /** CAPA without PIPELINING, but every command is answered (Outlook.com-like, as far as is known). */
  | 'hides-pipelining'
  /** CAPA without PIPELINING, and once logged in only the first line of each write is read. */
  | 'drops-pipelined';

/** A running proxy on 127.0.0.1. */
export interface PipeliningProxy {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A plain-POP3 proxy in front of Dovecot (which always advertises PIPELINING) that gives the
 * bench a server without it: it deletes the `PIPELINING` line from the reply to a CAPA sent on
 * its own (both clients send it so: mpop first thing, popdesk after login), and for
 * `drops-pipelined`, once Dovecot said `+OK Logged in`, forwards only the first line of each
 * chunk the client sent, as a server that reads a line and discards its buffer would. Meant for
 * the bench's own sessions only: it does not parse POP3 beyond that.
 */
export async function startPipeliningProxy(
  target: { readonly host: string; readonly port: number },
  behaviour: ServerBehaviour,
): Promise<PipeliningProxy> {
  const sockets = new Set<Socket>();
  const server = net.createServer({ noDelay: true }, (client) => {
    const upstream = net.connect({ host: target.host, port: target.port, noDelay: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let capaReply: Buffer | undefined;
    let loggedIn = false;
    client.on('data', (chunk: Buffer) => {
      if (chunk.toString('latin1').trim().toUpperCase() === 'CAPA') capaReply = Buffer.alloc(0);
      if (behaviour === 'drops-pipelined' && loggedIn) {
        const lineEnd = chunk.indexOf('\n');
        upstream.write(lineEnd < 0 ? chunk : chunk.subarray(0, lineEnd + 1));
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!loggedIn && /^\+OK Logged in/m.test(chunk.toString('latin1'))) loggedIn = true;
      if (capaReply === undefined) {
        client.write(chunk);
        return;
      }
      capaReply = Buffer.concat([capaReply, chunk]);
      const text = capaReply.toString('latin1');
      if (!text.startsWith('-ERR') && !text.endsWith('\r\n.\r\n')) return;
      capaReply = undefined;
      client.write(Buffer.from(text.replace(/^PIPELINING\r\n/m, ''), 'latin1'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the proxy got no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
