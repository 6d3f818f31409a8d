import { Pop3TimeoutError } from './errors/pop3-timeout-error.js';
import { ReplyDeadline, type ReplyDeadlineLimits } from './reply-deadline.js';

/** The bounds on one reply and the clock they are measured with. */
export interface ReplyTimerOptions extends ReplyDeadlineLimits {
  /** Longest silence while a reply is due. */
  readonly timeoutMs: number;
  /** Monotonic milliseconds. */
  readonly now: () => number;
}

/**
 * The two timers on the reply first in line: the idle timeout (silence) and its deadline (see
 * {@link ReplyDeadline}: a trickle that never goes silent). Both stand still while nothing is
 * due or our consumer holds the reply up; either calls `onExpired` once with a
 * `Pop3TimeoutError`. Timers are unref'd: the socket keeps the process alive while a reply is
 * due, the timers need not.
 */
export class ReplyTimers {
  private readonly idle: NodeJS.Timeout;
  private readonly deadline: ReplyDeadline;
  private deadlineTimer: NodeJS.Timeout | undefined;
  /** The command whose reply is first in line, or undefined when none is due. */
  private due: string | undefined;
  private paused = false;
  private closed = false;

  constructor(
    private readonly options: ReplyTimerOptions,
    private readonly onExpired: (error: Pop3TimeoutError) => void,
  ) {
    this.idle = setTimeout(() => this.onIdle(), options.timeoutMs);
    this.idle.unref();
    this.deadline = new ReplyDeadline(options);
  }

  /** The reply to `command` is now first in line; `maxBodyBytes` is 0 for a status reply. */
  start(command: string, maxBodyBytes: number): void {
    this.due = command;
    this.idle.refresh();
    const now = this.options.now();
    this.deadline.start(now, maxBodyBytes);
    // A reply can become due while our consumer still holds the socket paused (the previous
    // body ended in the chunk that filled its stream): its clock starts only on resume().
    if (this.paused) this.deadline.pause(now);
    this.armDeadline(this.deadline.allowanceMs());
  }

  /** No reply is due any more. */
  stop(): void {
    this.due = undefined;
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
  }

  /** Bytes arrived: the server is not silent, and a body's allowance grows. */
  received(bytes: number): void {
    this.idle.refresh();
    this.deadline.received(bytes);
  }

  /** Our consumer stops reading: the silence that follows is ours, not the server's. */
  pause(): void {
    this.paused = true;
    this.deadline.pause(this.options.now());
  }

  resume(): void {
    this.paused = false;
    this.idle.refresh();
    this.deadline.resume(this.options.now());
  }

  /** Stops both timers for good. */
  close(): void {
    this.closed = true;
    this.stop();
    clearTimeout(this.idle);
  }

  private onIdle(): void {
    if (this.due === undefined || this.paused || this.closed) return;
    this.expire(
      new Pop3TimeoutError(
        `no reply to ${this.due} within ${this.options.timeoutMs} ms`,
        this.options.timeoutMs,
      ),
    );
  }

  private armDeadline(delayMs: number): void {
    clearTimeout(this.deadlineTimer);
    // Rechecked when it fires rather than moved on every chunk: bytes received extend the allowance.
    this.deadlineTimer = setTimeout(() => this.onDeadline(), Math.max(1, Math.ceil(delayMs)));
    this.deadlineTimer.unref();
  }

  private onDeadline(): void {
    this.deadlineTimer = undefined;
    if (this.due === undefined || this.closed) return;
    if (this.paused) {
      // Our consumer holds the reply up; look again later, resume() restarts the clock.
      this.armDeadline(this.options.commandTimeoutMs);
      return;
    }
    const remaining = this.deadline.remainingMs(this.options.now());
    if (remaining > 0) {
      this.armDeadline(remaining);
      return;
    }
    const allowance = Math.round(this.deadline.allowanceMs());
    this.expire(
      new Pop3TimeoutError(
        `no complete reply to ${this.due} within ${allowance} ms (${this.deadline.receivedBytes} bytes ` +
          `received; at least ${this.options.minBytesPerSecond} bytes/s are required)`,
        allowance,
      ),
    );
  }

  private expire(error: Pop3TimeoutError): void {
    this.close();
    this.onExpired(error);
  }
}
