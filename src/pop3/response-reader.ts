import { MAX_HEAD_BYTES, Pop3MessageTooLargeError } from './errors/pop3-message-too-large-error.js';
import { Pop3ProtocolError } from './errors/pop3-protocol-error.js';

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const CR_BYTE = Buffer.from([CR]);

/** What the next reply from the server will look like, registered before its command is sent. */
export interface ReplyExpectation {
  /** True when a `+OK` reply carries a body terminated by `CRLF.CRLF` (RETR, TOP, LIST, ...). */
  readonly multiline: boolean;
  /** The most body bytes (after dot-unstuffing) accepted before the reply is aborted. */
  readonly maxBodyBytes: number;
  /** True when a SASL continuation (`+ ...`) is a valid answer (AUTH exchanges only). */
  readonly allowContinuation?: boolean;
}

/** `ok` is `+OK`, `err` is `-ERR`, `continue` is a SASL continuation `+ ...`. */
export type ReplyStatus = 'ok' | 'err' | 'continue';

/**
 * Events, in wire order. Every reply is one `status`, then (for multi-line `+OK` replies) any
 * number of `data` chunks holding the unstuffed body bytes, then one `end`.
 */
export type ReaderEvent =
  | { readonly kind: 'status'; readonly status: ReplyStatus; readonly text: string }
  | { readonly kind: 'data'; readonly chunk: Buffer }
  | { readonly kind: 'end' };

/** Limits that keep a hostile or broken server from exhausting memory. */
export interface ResponseReaderOptions {
  /** The longest status line accepted, CRLF included. RFC 2449 allows 512; servers send more. */
  readonly maxLineLength: number;
}

type Phase = 'status' | 'body';

/**
 * A pure state machine that turns the bytes a POP3 server sends into reply events. It does no
 * I/O and keeps body bytes exact: dot-stuffing (RFC 1939 section 3) is undone, everything else
 * (8-bit bytes, NUL, bare LF, bare CR) passes through untouched, and body data is handed out as
 * slices of the input chunks, so a large message costs no copying and no concatenation.
 *
 * A line starts after any LF. The terminator is a line consisting of `.` CR LF; it may be split
 * across any number of chunks.
 */
export class ResponseReader {
  private readonly expectations: ReplyExpectation[] = [];
  private current: ReplyExpectation | undefined;
  private phase: Phase = 'status';
  private readonly lineParts: Buffer[] = [];
  private lineLength = 0;
  private atLineStart = true;
  /** 0: nothing pending; 1: a line-start `.` was seen; 2: `.` CR was seen. */
  private dotState: 0 | 1 | 2 = 0;
  private bodyBytes = 0;
  /** The first body bytes of the current reply (slices, no copies), for an oversize error. */
  private readonly headParts: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly options: ResponseReaderOptions) {}

  /** Registers the shape of the next reply not yet registered, in the order commands are sent. */
  expect(expectation: ReplyExpectation): void {
    this.expectations.push(expectation);
  }

  /** True when no reply is expected and none is half-read. */
  get idle(): boolean {
    return this.current === undefined && this.expectations.length === 0;
  }

  /**
   * Feeds bytes received from the server and returns the events they complete.
   * @throws Pop3ProtocolError on bytes nobody asked for, an unknown status or an overlong line.
   * @throws Pop3MessageTooLargeError when a body exceeds its expectation's `maxBodyBytes`.
   */
  push(chunk: Buffer): ReaderEvent[] {
    const events: ReaderEvent[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.current === undefined) {
        this.current = this.expectations.shift();
        if (this.current === undefined) {
          throw new Pop3ProtocolError('the server sent data when no reply was due');
        }
        this.phase = 'status';
      }
      pos =
        this.phase === 'status'
          ? this.readStatus(chunk, pos, this.current, events)
          : this.readBody(chunk, pos, this.current, events);
    }
    return events;
  }

  private readStatus(
    chunk: Buffer,
    pos: number,
    expectation: ReplyExpectation,
    events: ReaderEvent[],
  ): number {
    const lf = chunk.indexOf(LF, pos);
    const end = lf < 0 ? chunk.length : lf + 1;
    this.lineLength += end - pos;
    if (this.lineLength > this.options.maxLineLength) {
      throw new Pop3ProtocolError(
        `the server sent a reply line longer than ${this.options.maxLineLength} bytes`,
      );
    }
    this.lineParts.push(chunk.subarray(pos, end));
    if (lf < 0) return end;

    const line = this.lineParts.length === 1 ? (this.lineParts[0] as Buffer) : Buffer.concat(this.lineParts);
    this.lineParts.length = 0;
    this.lineLength = 0;
    const { status, text } = parseStatusLine(line, expectation);
    events.push({ kind: 'status', status, text });
    if (status === 'ok' && expectation.multiline) {
      this.phase = 'body';
      this.atLineStart = true;
      this.dotState = 0;
      this.bodyBytes = 0;
      this.headParts.length = 0;
      this.headBytes = 0;
    } else {
      this.finishReply(events);
    }
    return end;
  }

  private readBody(chunk: Buffer, pos: number, expectation: ReplyExpectation, events: ReaderEvent[]): number {
    let segmentStart = pos;
    let i = pos;
    while (i < chunk.length) {
      if (this.dotState === 1) {
        if (chunk[i] === CR) {
          // Hold the CR back: ".\r\n" ends the reply, anything else makes it data.
          this.dotState = 2;
          i += 1;
          segmentStart = i;
          continue;
        }
        // The line-start dot was stuffing; it is dropped and this byte is data.
        this.dotState = 0;
        segmentStart = i;
      } else if (this.dotState === 2) {
        this.dotState = 0;
        if (chunk[i] === LF) {
          this.finishReply(events);
          return i + 1;
        }
        this.emit(CR_BYTE, expectation, events);
        segmentStart = i;
      } else if (this.atLineStart) {
        this.atLineStart = false;
        if (chunk[i] === DOT) {
          this.emit(chunk.subarray(segmentStart, i), expectation, events);
          this.dotState = 1;
          i += 1;
          segmentStart = i;
          continue;
        }
      }
      const lf = chunk.indexOf(LF, i);
      if (lf < 0) {
        i = chunk.length;
        break;
      }
      i = lf + 1;
      this.atLineStart = true;
    }
    this.emit(chunk.subarray(segmentStart, i), expectation, events);
    return i;
  }

  private emit(data: Buffer, expectation: ReplyExpectation, events: ReaderEvent[]): void {
    if (data.length === 0) return;
    this.bodyBytes += data.length;
    if (this.headBytes < MAX_HEAD_BYTES) {
      this.headParts.push(data);
      this.headBytes += data.length;
    }
    if (this.bodyBytes > expectation.maxBodyBytes) {
      const head = Buffer.concat(this.headParts);
      throw new Pop3MessageTooLargeError(
        `the reply body exceeded its limit of ${expectation.maxBodyBytes} bytes`,
        expectation.maxBodyBytes,
        head.subarray(0, Math.min(head.length, expectation.maxBodyBytes, MAX_HEAD_BYTES)),
      );
    }
    events.push({ kind: 'data', chunk: data });
  }

  private finishReply(events: ReaderEvent[]): void {
    events.push({ kind: 'end' });
    this.headParts.length = 0;
    this.current = undefined;
    this.phase = 'status';
  }
}

function parseStatusLine(line: Buffer, expectation: ReplyExpectation): { status: ReplyStatus; text: string } {
  // Status lines are ASCII by spec; latin1 keeps any stray byte instead of failing on it.
  const raw = line.toString('latin1').replace(/\r?\n$/, '');
  if (raw === '+OK' || raw.startsWith('+OK ')) return { status: 'ok', text: raw.slice(4) };
  if (raw === '-ERR' || raw.startsWith('-ERR ')) return { status: 'err', text: raw.slice(5) };
  if (expectation.allowContinuation === true && (raw === '+' || raw.startsWith('+ '))) {
    return { status: 'continue', text: raw.slice(2) };
  }
  throw new Pop3ProtocolError(`the server sent an invalid status line: ${JSON.stringify(raw.slice(0, 60))}`);
}
