import { createHash } from 'node:crypto';
import net, { type Socket } from 'node:net';
import { dotStuff } from '../../dev/servers/dot-stuff.js';

/** One connected client, as a fault hook sees it. */
export interface FaultSession {
  readonly socket: Socket;
  /** Writes bytes, honouring the server's `bytewise` option. */
  send(data: Buffer | string): Promise<void>;
  /** Writes bytes one at a time, `intervalMs` apart (each below any idle timeout), until done or closed. */
  trickle(data: Buffer | string, intervalMs: number): Promise<void>;
  /** Message numbers marked with DELE in this session. */
  readonly marked: Set<number>;
  authenticated: boolean;
}

/**
 * Intercepts a command before the server's normal handling. Return true when the hook answered
 * (or deliberately did not: a stall), false to let the server answer as usual.
 */
export type FaultHook = (session: FaultSession, verb: string, args: string[]) => boolean | Promise<boolean>;

export interface FaultServerOptions {
  readonly messages?: readonly Buffer[];
  readonly greeting?: string;
  /** Write the greeting one byte every this many milliseconds (a trickling server). */
  readonly greetingTrickleMs?: number;
  readonly capabilities?: readonly string[];
  /** What CAPA lists once logged in (RFC 2449 lets it differ); defaults to `capabilities`. */
  readonly capabilitiesAfterLogin?: readonly string[];
  readonly username?: string;
  readonly password?: string;
  /** The bearer token XOAUTH2 accepts. */
  readonly token?: string;
  /** Write every reply one byte at a time, each in its own TCP segment. */
  readonly bytewise?: boolean;
  /**
   * Behave like Courier's `courierpop3login`: every byte that arrives after PASS, or after the
   * last line of an AUTH exchange, before that command was answered is dropped (Courier hands
   * the socket to `courierpop3d`, which never sees them). Dropped lines go to `dropped`.
   */
  readonly dropAfterLogin?: boolean;
  /**
   * Once logged in, read only the first line of each write and drop the rest, as a server that
   * does not support pipelining may (it reads a line, answers, and discards its buffer). Dropped
   * lines go to `dropped`.
   */
  readonly dropPipelined?: boolean;
  readonly hook?: FaultHook;
}

/** A running fault server and what it observed. */
export interface FaultServer {
  readonly port: number;
  /** Every command line received, in order, secrets included (tests assert on them). */
  readonly commands: string[];
  /** Lines dropped by `dropAfterLogin` or `dropPipelined`, in order. */
  readonly dropped: string[];
  /**
   * The command lines of each write the client made, as they arrived (one TCP read each; on
   * loopback a write the server reads before the next is sent arrives whole). The length is the
   * number of round trips a lock-step client spent, the greeting aside.
   */
  readonly writes: string[][];
  /** Messages left after the last committed QUIT. */
  remaining(): Buffer[];
  close(): Promise<void>;
}

/**
 * A real TCP POP3 server for fault injection: a faithful RFC 1939 server (DELE committed only
 * by QUIT) whose replies a test can split, delay, corrupt or cut off through `hook`.
 */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  let mailbox = [...(options.messages ?? [])];
  const commands: string[] = [];
  const dropped: string[] = [];
  const writes: string[][] = [];
  const sockets = new Set<Socket>();
  const capabilities = options.capabilities ?? ['USER', 'UIDL', 'TOP', 'PIPELINING', 'SASL PLAIN XOAUTH2'];

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    const session: FaultSession = {
      socket,
      marked: new Set(),
      authenticated: false,
      send: (data) =>
        send(socket, typeof data === 'string' ? Buffer.from(data, 'latin1') : data, options.bytewise),
      trickle: (data, intervalMs) =>
        trickle(socket, typeof data === 'string' ? Buffer.from(data, 'latin1') : data, intervalMs),
    };
    let pendingSasl: 'PLAIN' | 'XOAUTH2' | undefined;
    let buffered = '';
    /** Set while a login command is unanswered and `dropAfterLogin` discards what follows it. */
    let handingOff = false;
    /** True when the next line received is a SASL response (the line after `AUTH <mechanism>`). */
    let saslResponseNext = false;
    const greeting = `${options.greeting ?? '+OK fault server ready'}\r\n`;
    let chain =
      options.greetingTrickleMs === undefined
        ? session.send(greeting)
        : session.trickle(greeting, options.greetingTrickleMs);
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const write: string[] = [];
      writes.push(write);
      let lf = buffered.indexOf('\n');
      while (lf >= 0) {
        const line = buffered.slice(0, lf).replace(/\r$/, '');
        buffered = buffered.slice(lf + 1);
        lf = buffered.indexOf('\n');
        write.push(line);
        if (handingOff || (options.dropPipelined === true && session.authenticated && write.length > 1)) {
          dropped.push(line);
          continue;
        }
        commands.push(line);
        const verb = line.split(' ')[0]?.toUpperCase();
        const endsLogin = options.dropAfterLogin === true && (verb === 'PASS' || saslResponseNext);
        saslResponseNext = verb === 'AUTH';
        if (endsLogin) handingOff = true;
        chain = chain
          .then(() => answer(line))
          .then(() => {
            if (!endsLogin) return;
            handingOff = false;
            if (buffered.length > 0) dropped.push(buffered);
            buffered = '';
          })
          .catch(() => {
            socket.destroy();
          });
      }
      if (handingOff && buffered.length > 0) {
        dropped.push(buffered);
        buffered = '';
      }
    });

    const answer = async (line: string): Promise<void> => {
      if (socket.destroyed) return;
      if (pendingSasl !== undefined) {
        const mechanism = pendingSasl;
        pendingSasl = undefined;
        return finishSasl(mechanism, line);
      }
      const [verbRaw = '', ...args] = line.split(' ');
      const verb = verbRaw.toUpperCase();
      if (options.hook !== undefined && (await options.hook(session, verb, args))) return;
      const live = (): Array<[number, Buffer]> =>
        mailbox.map((m, i): [number, Buffer] => [i + 1, m]).filter(([n]) => !session.marked.has(n));
      const message = (): Buffer | undefined => {
        const n = Number(args[0]);
        return session.marked.has(n) ? undefined : mailbox[n - 1];
      };
      switch (verb) {
        case 'CAPA': {
          const listed = session.authenticated
            ? (options.capabilitiesAfterLogin ?? capabilities)
            : capabilities;
          return session.send(`+OK\r\n${listed.map((c) => `${c}\r\n`).join('')}.\r\n`);
        }
        case 'USER':
          return session.send('+OK\r\n');
        case 'PASS':
          session.authenticated = args.join(' ') === (options.password ?? 'secret');
          return session.send(
            session.authenticated ? '+OK logged in\r\n' : '-ERR [AUTH] invalid credentials\r\n',
          );
        case 'AUTH':
          pendingSasl = args[0]?.toUpperCase() === 'XOAUTH2' ? 'XOAUTH2' : 'PLAIN';
          return session.send('+ \r\n');
        case 'STAT':
          return session.send(`+OK ${live().length} ${live().reduce((sum, [, m]) => sum + m.length, 0)}\r\n`);
        case 'LIST':
        case 'UIDL': {
          const describe = (m: Buffer): string => (verb === 'LIST' ? String(m.length) : uid(m));
          if (args[0] === undefined) {
            const lines = live().map(([n, m]) => `${n} ${describe(m)}\r\n`);
            return session.send(`+OK\r\n${lines.join('')}.\r\n`);
          }
          const found = message();
          if (found === undefined) return session.send('-ERR no such message\r\n');
          return session.send(`+OK ${args[0]} ${describe(found)}\r\n`);
        }
        case 'RETR': {
          const found = message();
          if (found === undefined) return session.send('-ERR no such message\r\n');
          return session.send(
            Buffer.concat([Buffer.from(`+OK ${found.length} octets\r\n`), dotStuff(found)]),
          );
        }
        case 'TOP': {
          const found = message();
          if (found === undefined) return session.send('-ERR no such message\r\n');
          const headerEnd = found.indexOf('\r\n\r\n');
          const head = headerEnd < 0 ? found : found.subarray(0, headerEnd + 4);
          return session.send(Buffer.concat([Buffer.from('+OK\r\n'), dotStuff(head)]));
        }
        case 'DELE':
          if (message() === undefined) return session.send('-ERR no such message\r\n');
          session.marked.add(Number(args[0]));
          return session.send('+OK marked\r\n');
        case 'RSET':
          session.marked.clear();
          return session.send('+OK\r\n');
        case 'NOOP':
          return session.send('+OK\r\n');
        case 'QUIT':
          if (session.authenticated) mailbox = mailbox.filter((_, i) => !session.marked.has(i + 1));
          await session.send('+OK bye\r\n');
          socket.end();
          return;
        default:
          return session.send('-ERR unknown command\r\n');
      }
    };

    const finishSasl = async (mechanism: 'PLAIN' | 'XOAUTH2', line: string): Promise<void> => {
      const decoded = Buffer.from(line, 'base64').toString('utf8');
      if (mechanism === 'PLAIN') {
        const [, user, password] = decoded.split('\0');
        session.authenticated =
          user === (options.username ?? 'user') && password === (options.password ?? 'secret');
      } else {
        const expected = `user=${options.username ?? 'user'}\x01auth=Bearer ${options.token ?? 'token'}\x01\x01`;
        session.authenticated = decoded === expected;
        if (!session.authenticated && line !== '') {
          // Outlook.com's way of failing XOAUTH2: a base64 JSON challenge, then -ERR after the empty reply.
          const challenge = Buffer.from('{"status":"401","schemes":"bearer","scope":"mail"}').toString(
            'base64',
          );
          pendingSasl = 'XOAUTH2';
          return session.send(`+ ${challenge}\r\n`);
        }
      }
      return session.send(
        session.authenticated ? '+OK authenticated\r\n' : '-ERR [AUTH] authentication failed\r\n',
      );
    };
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    commands,
    dropped,
    writes,
    remaining: () => [...mailbox],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A UIDL derived from the content, stable across sessions as RFC 1939 requires. */
function uid(message: Buffer): string {
  return createHash('sha1').update(message).digest('hex').slice(0, 20);
}

async function send(socket: Socket, data: Buffer, bytewise: boolean | undefined): Promise<void> {
  if (socket.destroyed) return;
  if (bytewise !== true) {
    socket.write(data);
    return;
  }
  for (const byte of data) {
    if (socket.destroyed) return;
    socket.write(Buffer.from([byte]));
    // Yield so each byte leaves in its own segment instead of being coalesced.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function trickle(socket: Socket, data: Buffer, intervalMs: number): Promise<void> {
  for (const byte of data) {
    if (socket.destroyed) return;
    socket.write(Buffer.from([byte]));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
