import { Pop3CommandError } from './errors/pop3-command-error.js';
import type { Pop3MessageTooLargeError } from './errors/pop3-message-too-large-error.js';
import type { Pop3Reply, Pop3Request } from './pop3-request.js';
import type { ReplyStatus } from './response-reader.js';

/**
 * One command awaiting its reply: it gathers the reply from the reader's events (status line,
 * body chunks, end) and settles the caller's promise. It knows nothing of sockets or timers;
 * `Pop3Connection` decides which command a reply belongs to.
 */
export class PendingCommand {
  private status: ReplyStatus | undefined;
  private text: string | undefined;
  private chunks: Buffer[] | undefined;
  /** Already rejected (its body overflowed); the rest of its reply is read and dropped. */
  private settled = false;

  constructor(
    readonly request: Pop3Request,
    private readonly resolve: (reply: Pop3Reply) => void,
    /** Fails the command; a no-op once it is settled. */
    readonly reject: (error: Error) => void,
  ) {}

  /** The status line of its reply arrived. */
  statusLine(status: ReplyStatus, text: string): void {
    this.status = status;
    this.text = text;
  }

  /** Only this call fails: the reader drops the rest of the body, so the session stays in step. */
  overflow(error: Pop3MessageTooLargeError): void {
    this.settled = true;
    this.chunks = undefined;
    this.reject(error);
  }

  /** A body chunk: streamed to the request's `onData`, or kept. Throws what `onData` throws. */
  data(chunk: Buffer): void {
    if (this.settled) return;
    if (this.request.onData === undefined) {
      this.chunks ??= [];
      this.chunks.push(chunk);
      return;
    }
    this.request.onData(chunk);
  }

  /** The reply is complete: settles the command, unless an overflow already did. */
  end(): void {
    if (this.settled) return;
    const text = this.text ?? '';
    if (this.status === 'err') {
      this.reject(new Pop3CommandError(this.request.name, text));
    } else if (this.status === 'ok' || this.status === 'continue') {
      const chunks = this.chunks;
      // A body that arrived in one piece is handed over as it is, without a copy.
      const body = chunks === undefined ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      this.resolve(body === undefined ? { status: this.status, text } : { status: this.status, text, body });
    }
  }
}
