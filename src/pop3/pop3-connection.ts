import type { Socket } from 'node:net';
import { Pop3ConnectionError } from './errors/pop3-connection-error.js';
import { Pop3Error } from './errors/pop3-error.js';
import { Pop3ProtocolError } from './errors/pop3-protocol-error.js';
import { FifoQueue } from './fifo-queue.js';
import { PendingCommand } from './pending-command.js';
import type { Pop3ConnectionOptions, Pop3Reply, Pop3Request } from './pop3-request.js';
import { ReplyTimers } from './reply-timers.js';
import { type ReaderEvent, ResponseReader } from './response-reader.js';

/**
 * One POP3 session on one socket: it writes commands, matches replies to them in order, enforces
 * the idle timeout and the reply deadline, and fails every pending command at once when anything
 * goes wrong. After a failure the connection is dead for good; a poller opens a new one, and
 * since only QUIT commits DELE, nothing from the dead session was deleted.
 */
export class Pop3Connection {
  private socket: Socket;
  private readonly reader: ResponseReader;
  private readonly waiting = new FifoQueue<PendingCommand>();
  private readonly inFlight = new FifoQueue<PendingCommand>();
  private readonly timers: ReplyTimers;
  private failure: Pop3Error | undefined;
  /** Commands allowed in flight at once; 1 is lock-step. */
  private window = 1;
  private readonly replyListeners: Array<() => void> = [];
  private readonly failureListeners: Array<(error: Pop3Error) => void> = [];
  private exclusiveDepth = 0;
  private closedOnPurpose = false;
  private readonly onSocketData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onSocketError = (error: Error): void =>
    this.fail(new Pop3ConnectionError(`connection failed: ${error.message}`, { cause: error }), false);
  private readonly onSocketClose = (): void =>
    this.fail(
      new Pop3ConnectionError(
        this.inFlight.length > 0
          ? 'the server closed the connection while a reply was due'
          : 'the server closed the connection',
      ),
      false,
    );

  /** Resolves with the greeting text once the server's `+OK` greeting arrives. */
  readonly greeting: Promise<string>;

  constructor(
    socket: Socket,
    private readonly options: Pop3ConnectionOptions,
  ) {
    this.socket = socket;
    this.reader = new ResponseReader({ maxLineLength: options.maxLineLength });
    this.timers = new ReplyTimers(options, (error) => this.fail(error, false));
    this.attach(socket);
    this.greeting = this.enqueue(
      { name: 'greeting', line: '', pipelinable: false, multiline: false },
      false,
    ).then((reply) => reply.text);
    // The greeting is awaited by whoever opened the connection; this keeps an early failure
    // from surfacing as an unhandled rejection before they get there.
    this.greeting.catch(() => undefined);
  }

  /** Whether commands can still be sent. */
  get usable(): boolean {
    return this.failure === undefined;
  }

  /** Sends a command (queued behind others as the pipelining window allows). */
  send(request: Pop3Request): Promise<Pop3Reply> {
    const reply = this.enqueue(request, true);
    this.pump();
    return reply;
  }

  /**
   * Sends `requests` in one write, whatever the window, once nothing is in flight before them
   * (the pipelining probe: two NOOPs). The window applies again to what is queued behind them.
   */
  sendTogether(requests: readonly Pop3Request[]): Array<Promise<Pop3Reply>> {
    const replies = requests.map((request) => this.enqueue(request, true));
    if (this.inFlight.length === 0) {
      const window = this.window;
      this.window = Math.max(window, requests.length);
      this.pump();
      this.window = window;
    } else {
      this.pump();
    }
    return replies;
  }

  /** Commands allowed in flight at once from now on: 1 is lock-step (the default). */
  setWindow(size: number): void {
    this.window = Math.max(1, Math.floor(size));
    this.pump();
  }

  /** Calls `listener` each time a reply has been read to its end (`+OK` or `-ERR`). */
  onReplyEnd(listener: () => void): void {
    this.replyListeners.push(listener);
  }

  /**
   * Calls `listener` when the session fails from the far side (timeout, reset, close, a reply
   * that cannot be read), not when it is destroyed or closed by QUIT on purpose.
   */
  onFailure(listener: (error: Pop3Error) => void): void {
    this.failureListeners.push(listener);
  }

  /**
   * Until the matching {@link leaveExclusive}, only requests marked `exclusive` are sent: a login
   * holds commands queued meanwhile (say UIDL) back, so none is written where the server expects
   * a SASL response or before the post-login CAPA has decided about pipelining. Calls nest.
   */
  enterExclusive(): void {
    this.exclusiveDepth += 1;
  }

  /** Ends one {@link enterExclusive}; the held-back commands go out once the last one ends. */
  leaveExclusive(): void {
    this.exclusiveDepth = Math.max(0, this.exclusiveDepth - 1);
    this.pump();
  }

  /**
   * Stops reading from the socket (back-pressure from a slow body consumer). The idle timeout
   * is suspended meanwhile: the silence is ours, not the server's.
   */
  pause(): void {
    this.timers.pause();
    this.socket.pause();
  }

  resume(): void {
    this.timers.resume();
    this.socket.resume();
  }

  /**
   * Hands the socket to `upgrade` (STLS) and continues on the socket it returns. Only valid with
   * nothing outstanding, which also guarantees no plaintext bytes are carried over.
   */
  async replaceSocket(upgrade: (socket: Socket) => Promise<Socket>): Promise<void> {
    if (!this.reader.idle || this.waiting.length > 0) {
      throw new Pop3ProtocolError('cannot upgrade the connection while replies are outstanding');
    }
    this.detach(this.socket);
    try {
      this.socket = await upgrade(this.socket);
    } catch (error) {
      const failure =
        error instanceof Pop3Error ? error : new Pop3ConnectionError('TLS upgrade failed', { cause: error });
      this.socket.destroy();
      this.fail(failure, false);
      throw failure;
    }
    this.attach(this.socket);
  }

  /** Marks the coming close as expected (after QUIT), so it fails nothing. */
  expectClose(): void {
    this.closedOnPurpose = true;
  }

  /** Destroys the socket and fails every pending command with `error`. Idempotent. */
  destroy(error: Pop3Error = new Pop3ConnectionError('the session was closed')): void {
    this.fail(error, true);
  }

  private enqueue(request: Pop3Request, write: boolean): Promise<Pop3Reply> {
    if (this.failure !== undefined) {
      return Promise.reject(new Pop3ConnectionError('the session is closed', { cause: this.failure }));
    }
    if (/[\r\n\0]/.test(request.line)) {
      // Refusing beats sending: a line break in a user name would inject a second command.
      return Promise.reject(new Pop3Error(`the ${request.name} command line contains a line break or NUL`));
    }
    return new Promise<Pop3Reply>((resolve, reject) => {
      const pending = new PendingCommand(request, resolve, reject);
      if (write) {
        this.waiting.push(pending);
      } else {
        this.reader.expect({ multiline: false, maxBodyBytes: 0 });
        this.inFlight.push(pending);
        this.startTimers();
      }
    });
  }

  private pump(): void {
    const window = this.window;
    // Refill a deep window in bulk, not one command per reply: one write (one TLS record, one
    // syscall) per half window instead of one per command.
    if (window > 1 && this.inFlight.length > window / 2) return;
    let out = '';
    while (this.inFlight.length < window) {
      // A state change (PASS, a SASL line, STLS, QUIT) is the last thing on the wire until it is answered.
      const last = this.inFlight.last()?.request;
      if (last !== undefined && (!last.pipelinable || last.changesState === true)) break;
      // During a login only its own lines may go out, even if other commands queued first.
      const index =
        this.exclusiveDepth > 0 ? this.waiting.findIndex((pending) => pending.request.exclusive === true) : 0;
      const head = index < 0 ? undefined : this.waiting.at(index);
      if (head === undefined) break;
      // AUTH, STLS and QUIT change what the following bytes mean: they wait for the wire to drain.
      if (this.inFlight.length > 0 && !head.request.pipelinable) break;
      this.waiting.removeAt(index);
      this.reader.expect({
        multiline: head.request.multiline,
        maxBodyBytes: head.request.maxBodyBytes ?? this.options.maxBodyBytes,
        allowContinuation: head.request.allowContinuation ?? false,
      });
      const first = this.inFlight.length === 0;
      this.inFlight.push(head);
      if (first) this.startTimers();
      // inFlight > 1 means it was pipelined behind replies still outstanding.
      this.options.logger.debug(
        { command: head.request.name, inFlight: this.inFlight.length },
        'pop3 command sent',
      );
      out += `${head.request.line}\r\n`;
    }
    if (out.length > 0) this.socket.write(out, 'utf8');
  }

  private receive(chunk: Buffer): void {
    if (this.failure !== undefined) return;
    this.timers.received(chunk.length);
    let events: ReaderEvent[];
    try {
      events = this.reader.push(chunk);
    } catch (error) {
      this.fail(
        error instanceof Pop3Error ? error : new Pop3ProtocolError('unreadable reply', { cause: error }),
        false,
      );
      return;
    }
    for (const event of events) {
      if (this.failure !== undefined) return;
      this.dispatch(event);
    }
    this.pump();
  }

  private dispatch(event: ReaderEvent): void {
    const head = this.inFlight.at(0);
    if (head === undefined) return;
    if (event.kind === 'status') {
      head.statusLine(event.status, event.text);
    } else if (event.kind === 'overflow') {
      head.overflow(event.error);
    } else if (event.kind === 'data') {
      try {
        head.data(event.chunk);
      } catch (error) {
        this.fail(
          new Pop3Error(`the consumer of the ${head.request.name} body failed`, { cause: error }),
          true,
        );
      }
    } else {
      this.inFlight.shift();
      // The next reply is due from now: pipelined replies are timed one after another.
      if (this.inFlight.length > 0) this.startTimers();
      else this.timers.stop();
      head.end();
      for (const listener of this.replyListeners) listener();
    }
  }

  /** Times the reply now first in line. */
  private startTimers(): void {
    const request = this.inFlight.at(0)?.request;
    if (request === undefined) return;
    const maxBodyBytes = request.multiline ? (request.maxBodyBytes ?? this.options.maxBodyBytes) : 0;
    this.timers.start(request.name, maxBodyBytes);
  }

  /** `local`: we ended it (destroy, a failed body consumer), so the server is not to blame. */
  private fail(error: Pop3Error, local: boolean): void {
    if (this.failure !== undefined) return;
    if (this.closedOnPurpose && this.inFlight.length === 0 && this.waiting.length === 0) {
      this.failure = new Pop3ConnectionError('the session was closed');
    } else {
      this.failure = error;
      if (!local) for (const listener of this.failureListeners) listener(error);
    }
    this.timers.close();
    this.socket.destroy();
    const pending = [...this.inFlight.drain(), ...this.waiting.drain()];
    for (const command of pending) command.reject(error);
  }

  private attach(socket: Socket): void {
    socket.on('data', this.onSocketData);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
  }

  private detach(socket: Socket): void {
    socket.off('data', this.onSocketData);
    socket.off('error', this.onSocketError);
    socket.off('close', this.onSocketClose);
    // A late error on the old socket must not become an unhandled 'error' event.
    socket.on('error', () => undefined);
  }
}
