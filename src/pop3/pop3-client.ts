import { Readable } from 'node:stream';
import { authPlain } from './commands/auth-plain.js';
import { authXoauth2 } from './commands/auth-xoauth2.js';
import { capa, NO_CAPABILITIES, type Pop3Capabilities } from './commands/capa.js';
import { dele } from './commands/dele.js';
import { list, listOne } from './commands/list.js';
import { noop } from './commands/noop.js';
import { quit } from './commands/quit.js';
import { retr } from './commands/retr.js';
import { rset } from './commands/rset.js';
import { type Pop3Stat, stat } from './commands/stat.js';
import { stls } from './commands/stls.js';
import { top } from './commands/top.js';
import { uidl, uidlOne } from './commands/uidl.js';
import { userPass } from './commands/user-pass.js';
import { Pop3CommandError } from './errors/pop3-command-error.js';
import { Pop3ConnectionError } from './errors/pop3-connection-error.js';
import { Pop3Error } from './errors/pop3-error.js';
import { openSocket, type Pop3TransportOptions, upgradeToTls } from './open-socket.js';
import { PipeliningMemory } from './pipelining-memory.js';
import type { PipeliningMode, PipeliningProbe } from './pipelining-mode.js';
import { Pop3Connection } from './pop3-connection.js';
import { type Pop3Logger, silentPop3Logger } from './pop3-logger.js';
import { SessionPipelining } from './session-pipelining.js';

/** How to log in. `accessToken` is called once per session, so it can refresh an OAuth2 token. */
export type Pop3Credentials =
  | { readonly mechanism: 'user'; readonly username: string; readonly password: string }
  | { readonly mechanism: 'plain'; readonly username: string; readonly password: string }
  | { readonly mechanism: 'xoauth2'; readonly username: string; readonly accessToken: () => Promise<string> };

/** Everything {@link Pop3Client.connect} takes; all but the transport have defaults. */
export interface Pop3ClientOptions extends Omit<Pop3TransportOptions, 'connectTimeoutMs'> {
  readonly connectTimeoutMs?: number;
  /** Longest silence from the server while a reply is due. Default 60 s. */
  readonly timeoutMs?: number;
  /**
   * Longest time one reply may take once it is due, however the server spaces its bytes (a
   * server that trickles a byte every few seconds never trips `timeoutMs`). Multi-line bodies
   * get this plus their size at `minBytesPerSecond`. Default 120 s.
   */
  readonly commandTimeoutMs?: number;
  /** Floor transfer rate for multi-line bodies (RETR, TOP, UIDL, LIST). Default 8 KiB/s. */
  readonly minBytesPerSecond?: number;
  /** Longest status line accepted. Default 8 KiB. */
  readonly maxLineLength?: number;
  /** Default limit for RETR and TOP bodies. Default 256 MiB. */
  readonly maxMessageBytes?: number;
  /** Commands in flight at once when the server offers PIPELINING; 1 turns pipelining off. Default 1000: at 50 ms RTT, 100 was what held the transfer back. */
  readonly pipelineWindow?: number;
  /** When to pipeline; see {@link PipeliningMode}. Default `auto`. */
  readonly pipelining?: PipeliningMode;
  /**
   * Longest wait for the two NOOPs of a `probe`, bounded by `timeoutMs`. Default 5 s: a NOOP
   * needs one round trip, and a server that drops the second one costs this long once.
   */
  readonly probeTimeoutMs?: number;
  /** Hosts whose probe failed recently. Default: one memory shared by the whole process. */
  readonly pipeliningMemory?: PipeliningMemory;
  readonly logger?: Pop3Logger;
}

/** Per-call limit for a message body. */
export interface RetrieveOptions {
  /**
   * Reject this call with `Pop3MessageTooLargeError` once the body exceeds this many bytes
   * (default `maxMessageBytes`). The rest of the body is dropped as it arrives and the session
   * stays usable. Use a hard ceiling, not a LIST size: Exchange's LIST sizes are estimates.
   */
  readonly maxBytes?: number;
}

/**
 * A POP3 session (RFC 1939) with STLS (RFC 2595), CAPA and PIPELINING (RFC 2449) and SASL
 * (RFC 5034). Calls may be issued without awaiting the previous one: when the server offers
 * PIPELINING they go out together and their replies are matched in order, which is what makes
 * a distant server fast. Any transport or protocol failure rejects every outstanding call with
 * a typed {@link Pop3Error} and leaves the client unusable; open a new one.
 */
export class Pop3Client {
  private caps: Pop3Capabilities = NO_CAPABILITIES;
  private readonly pipelining: SessionPipelining;

  private constructor(
    private readonly connection: Pop3Connection,
    private readonly options: Pop3ClientOptions,
    /** The text of the server's `+OK` greeting. */
    readonly greeting: string,
  ) {
    this.pipelining = new SessionPipelining(connection, {
      mode: options.pipelining ?? 'auto',
      maxWindow: options.pipelineWindow ?? 1000,
      probeTimeoutMs: Math.min(options.probeTimeoutMs ?? 5000, options.timeoutMs ?? 60_000),
      // Without one shared by its caller, a client remembers for its own session only.
      memory: options.pipeliningMemory ?? new PipeliningMemory(),
      host: `${options.host}:${options.port}`,
      logger: options.logger ?? silentPop3Logger,
    });
  }

  /**
   * Connects, reads the greeting and, for `tls: 'starttls'`, upgrades with STLS. It asks no
   * CAPA: the one after login decides everything (pipelining, TOP, LOGIN-DELAY), and one before
   * it would only let USER and PASS share a round trip, which is the round trip it costs.
   */
  static async connect(options: Pop3ClientOptions): Promise<Pop3Client> {
    const logger = options.logger ?? silentPop3Logger;
    const transport: Pop3TransportOptions = {
      ...options,
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    };
    const socket = await openSocket(transport, logger);
    const connection = new Pop3Connection(socket, {
      timeoutMs: options.timeoutMs ?? 60_000,
      commandTimeoutMs: options.commandTimeoutMs ?? 120_000,
      minBytesPerSecond: options.minBytesPerSecond ?? 8 * 1024,
      now: () => performance.now(),
      maxLineLength: options.maxLineLength ?? 8192,
      maxBodyBytes: options.maxMessageBytes ?? 256 * 1024 * 1024,
      logger,
    });
    try {
      const greeting = await connection.greeting;
      if (options.tls === 'starttls') {
        // Never fall back to plaintext: a refused STLS is an error, as RFC 2595 section 2.2 advises.
        await stls(connection, (plain) => upgradeToTls(plain, transport, logger)).catch((error: unknown) => {
          if (error instanceof Pop3CommandError) {
            throw new Pop3ConnectionError(`the server refused STLS: ${error.serverText}`, { cause: error });
          }
          throw error;
        });
      }
      return new Pop3Client(connection, options, greeting);
    } catch (error) {
      connection.destroy(error instanceof Pop3Error ? error : undefined);
      if (error instanceof Pop3CommandError && error.command === 'greeting') {
        throw new Pop3ConnectionError(`the server refused the session: ${error.serverText}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /** The capabilities listed by the CAPA after login; before login, none (RFC 2449 lets them differ per state). */
  get capabilities(): Pop3Capabilities {
    return this.caps;
  }

  /**
   * Asks CAPA now, say before login to see what a server offers there; {@link capabilities}
   * then holds the answer until login asks again. Pipelining is decided by login alone.
   */
  async capa(): Promise<Pop3Capabilities> {
    this.caps = await capa(this.connection);
    return this.caps;
  }

  /** What login found out about pipelining (see {@link PipeliningProbe}); `off` before login. */
  get pipeliningProbe(): PipeliningProbe {
    return this.pipelining.probe;
  }

  /** False once the session failed or was closed. */
  get usable(): boolean {
    return this.connection.usable;
  }

  /**
   * Authenticates, then reads CAPA and decides pipelining from that post-login list (RFC 2449
   * lets capabilities differ per state; mpop does the same), probing first under `probe`.
   * Rejects with `Pop3AuthError` when the server refuses, and with `Pop3PipeliningProbeError`
   * when the probe broke the session (open a new one: it will not probe). Commands may be issued
   * before it resolves (UIDL, LIST): they are held back until pipelining is decided, since a
   * server may drop bytes that arrive behind PASS or a SASL exchange (Courier does), and fail if
   * the login does.
   */
  async login(credentials: Pop3Credentials): Promise<void> {
    this.connection.enterExclusive();
    try {
      if (credentials.mechanism === 'user') {
        await userPass(this.connection, credentials.username, credentials.password);
      } else if (credentials.mechanism === 'plain') {
        await authPlain(this.connection, credentials.username, credentials.password);
      } else {
        await authXoauth2(this.connection, credentials.username, await credentials.accessToken());
      }
      this.caps = await capa(this.connection, { exclusive: true });
      await this.pipelining.decide(this.caps.pipelining);
    } finally {
      this.connection.leaveExclusive();
    }
  }

  private get maxMessageBytes(): number {
    return this.options.maxMessageBytes ?? 256 * 1024 * 1024;
  }

  stat(): Promise<Pop3Stat> {
    return stat(this.connection);
  }

  /** Sizes in octets by message number; with a number, that message's size. */
  list(): Promise<Map<number, number>>;
  list(message: number): Promise<number>;
  list(message?: number): Promise<Map<number, number> | number> {
    return message === undefined ? list(this.connection) : listOne(this.connection, message);
  }

  /** Unique ids by message number; with a number, that message's id. */
  uidl(): Promise<Map<number, string>>;
  uidl(message: number): Promise<string>;
  uidl(message?: number): Promise<Map<number, string> | string> {
    return message === undefined ? uidl(this.connection) : uidlOne(this.connection, message);
  }

  /** Headers and the first `lines` body lines. */
  top(message: number, lines: number, options: RetrieveOptions = {}): Promise<Buffer> {
    return top(this.connection, message, lines, { maxBytes: options.maxBytes ?? this.maxMessageBytes });
  }

  /** The whole message in one Buffer, byte for byte as stored. */
  retrieve(message: number, options: RetrieveOptions = {}): Promise<Buffer> {
    return retr(this.connection, message, { maxBytes: options.maxBytes ?? this.maxMessageBytes });
  }

  /**
   * The message as a stream of Buffers, for mail too large to hold. Reading slowly slows the
   * socket down (the idle timeout and the reply deadline stand still meanwhile). A body over
   * `maxBytes` errors the stream with `Pop3MessageTooLargeError` and the session goes on;
   * destroying the stream before its end destroys the session.
   */
  retrieveStream(message: number, options: RetrieveOptions = {}): Readable {
    const connection = this.connection;
    let paused = false;
    let ended = false;
    const stream = new Readable({
      read() {
        if (paused) {
          paused = false;
          connection.resume();
        }
      },
      destroy(error, callback) {
        if (!ended) connection.destroy(new Pop3Error('the RETR stream was destroyed before its end'));
        if (paused) connection.resume();
        callback(error);
      },
    });
    retr(connection, message, {
      maxBytes: options.maxBytes ?? this.maxMessageBytes,
      onData: (chunk) => {
        if (!stream.push(chunk) && !paused) {
          paused = true;
          connection.pause();
        }
      },
    }).then(
      () => {
        ended = true;
        stream.push(null);
      },
      (error: unknown) => {
        ended = true;
        stream.destroy(error instanceof Error ? error : new Pop3Error('RETR failed', { cause: error }));
      },
    );
    return stream;
  }

  /** Marks a message for deletion; it is removed only when {@link quit} succeeds. */
  dele(message: number): Promise<void> {
    return dele(this.connection, message);
  }

  rset(): Promise<void> {
    return rset(this.connection);
  }

  noop(): Promise<void> {
    return noop(this.connection);
  }

  /** Ends the session; resolving means the server committed every DELE of this session. */
  quit(): Promise<void> {
    return quit(this.connection);
  }

  /** Drops the connection without QUIT: nothing marked with DELE is deleted. */
  destroy(): void {
    this.connection.destroy();
  }
}
