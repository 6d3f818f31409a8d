import type { AxiosInstance, AxiosResponse } from 'axios';
import { isRetryableStatus } from '../classify-http-status.js';
import { HelpdeskError } from '../errors/helpdesk-error.js';
import { parseRetryAfter } from '../parse-retry-after.js';

/** How much of an error response is kept for the dead letter. */
const MAX_KEPT_BODY = 4096;

/** A ticket number as osTicket formats them: digits by default, or a configured sequence format. */
const TICKET_NUMBER = /^[\w-]{1,64}$/;

/** Where and how {@link OsTicketClient} talks to one osTicket. */
export interface OsTicketClientOptions {
  /** The API base, e.g. `https://help.example.com/api`; `tickets.json` and `tickets.email` go below it. */
  readonly url: string;
  /** Sent as `X-API-Key`; osTicket binds each key to the client's IP address. */
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  readonly now: () => number;
}

/** The two ticket endpoints of osTicket's HTTP API (api/http.php: `^/tickets\.(xml|json|email)$`). */
export type OsTicketEndpoint = 'tickets.json' | 'tickets.email';

/**
 * The HTTP side of the osTicket adapter. osTicket answers `201 Created` with the ticket number as
 * the whole body and every error as a plain-text reason with its status (`ApiController::exerr`):
 * 401 for a missing, inactive, IP-mismatched or unauthorised key, 400 for validation errors, 403
 * for a denied ticket (ban list, filter), 415 for an unknown format, 500 otherwise
 * (include/class.api.php, include/api.tickets.php). Each becomes a {@link HelpdeskError} by status.
 */
export class OsTicketClient {
  private readonly base: URL;

  constructor(private readonly options: OsTicketClientOptions) {
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  }

  /** Posts one request; resolves with the ticket number osTicket answered. */
  async post(endpoint: OsTicketEndpoint, body: string | Buffer, contentType: string): Promise<string> {
    let response: AxiosResponse<string>;
    try {
      response = await this.options.http.post<string>(new URL(endpoint, this.base).toString(), body, {
        headers: { 'x-api-key': this.options.apiKey, 'content-type': contentType },
        timeout: this.options.timeoutMs,
        responseType: 'text',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
        maxBodyLength: Number.POSITIVE_INFINITY,
        maxContentLength: 1024 * 1024,
      });
    } catch (error) {
      throw new HelpdeskError(`osTicket could not be reached: ${describe(error)}`, {
        retryable: true,
        cause: error,
      });
    }
    const text = typeof response.data === 'string' ? response.data : '';
    if (response.status < 200 || response.status >= 300) {
      const retryAfter = header(response, 'retry-after');
      const reason = text.trim().slice(0, 300);
      throw new HelpdeskError(
        `osTicket answered ${response.status} to ${endpoint}${reason === '' ? '' : `: ${reason}`}`,
        {
          status: response.status,
          retryable: isRetryableStatus(response.status),
          responseBody: text.slice(0, MAX_KEPT_BODY),
          ...(retryAfter !== undefined
            ? { retryAfterMs: parseRetryAfter(retryAfter, this.options.now()) }
            : {}),
        },
      );
    }
    const number = text.trim();
    if (!TICKET_NUMBER.test(number)) {
      // Created, most likely, but unrecorded: retrying could open a second ticket.
      throw new HelpdeskError(`osTicket answered ${response.status} without a ticket number`, {
        status: response.status,
        retryable: false,
        responseBody: text.slice(0, MAX_KEPT_BODY),
      });
    }
    return number;
  }
}

function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function describe(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
