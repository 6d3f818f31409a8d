/** What a worker needs to know to decide between retrying, waiting and giving up. */
export interface HelpdeskErrorDetails {
  /** HTTP status, when the helpdesk answered at all. */
  readonly status?: number;
  /** True when the same request may succeed later (5xx, 408, 409, 429, network trouble). */
  readonly retryable: boolean;
  /** How long the helpdesk asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  /** The response body, cut to a few KiB, kept for the dead letter. */
  readonly responseBody?: string;
  readonly cause?: unknown;
}

/** A helpdesk call failed. Classify with `retryable` and `status`, never with the message. */
export class HelpdeskError extends Error {
  override name = 'HelpdeskError';
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly responseBody: string | undefined;

  constructor(message: string, details: HelpdeskErrorDetails) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    this.responseBody = details.responseBody;
  }
}
