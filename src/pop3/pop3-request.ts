import type { Pop3Logger } from './pop3-logger.js';
import type { ReplyStatus } from './response-reader.js';

/** One command line to send and the shape of the reply it gets. */
export interface Pop3Request {
  /** The verb, used in errors and logs (`RETR`); for a SASL response line, the mechanism. */
  readonly name: string;
  /** The full line without CRLF. It may hold a secret: it is written to the socket and nowhere else. */
  readonly line: string;
  /**
   * True when it may go on the wire while earlier replies are outstanding (RFC 2449 PIPELINING).
   * A request that is not pipelinable also holds back everything behind it until its reply.
   */
  readonly pipelinable: boolean;
  /**
   * Moves the session to another state (PASS): it may be pipelined behind earlier commands, but
   * nothing may follow it on the wire until its reply arrives. Courier's login process drops
   * every byte that arrives behind PASS, since it hands the socket to another process.
   */
  readonly changesState?: boolean;
  readonly multiline: boolean;
  readonly maxBodyBytes?: number;
  readonly allowContinuation?: boolean;
  /** Part of an exchange that must not be interleaved with other commands (see `enterExclusive`). */
  readonly exclusive?: boolean;
  /** Receives the body chunks as they arrive; without it the body is collected into `Pop3Reply.body`. */
  readonly onData?: (chunk: Buffer) => void;
}

/** A successful (`+OK` or continuation) reply. `-ERR` rejects with a `Pop3CommandError`. */
export interface Pop3Reply {
  readonly status: Exclude<ReplyStatus, 'err'>;
  readonly text: string;
  /** The collected body of a multi-line reply sent without `onData`. */
  readonly body?: Buffer;
}

/** Tuning and limits for one connection. */
export interface Pop3ConnectionOptions {
  /** Longest time the server may stay silent while a reply is due. */
  readonly timeoutMs: number;
  /** Longest time a reply may take once due, before its body is counted (see `ReplyDeadline`). */
  readonly commandTimeoutMs: number;
  /** Floor rate for a multi-line body; a slower reply fails with `Pop3TimeoutError`. */
  readonly minBytesPerSecond: number;
  /** Monotonic milliseconds; passed in so the deadlines can be tested. */
  readonly now: () => number;
  readonly maxLineLength: number;
  /** Default body limit for multi-line replies that set none. */
  readonly maxBodyBytes: number;
  readonly logger: Pop3Logger;
}
