import type { AxiosInstance, AxiosResponse } from 'axios';
import { HelpdeskError } from '../helpdesk-error.js';
import { keptBody, networkFailure, responseFailure } from '../shared/helpdesk-http-failure.js';
import { answerText, textAnswerConfig } from '../shared/http-text-answer.js';

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
    const label = { helpdesk: 'osTicket', request: `POST ${endpoint}` };
    let response: AxiosResponse<string>;
    try {
      response = await this.options.http.post<string>(new URL(endpoint, this.base).toString(), body, {
        headers: { 'x-api-key': this.options.apiKey, 'content-type': contentType },
        timeout: this.options.timeoutMs,
        ...textAnswerConfig(1024 * 1024),
      });
    } catch (error) {
      throw networkFailure(label, error);
    }
    const text = answerText(response);
    if (response.status < 200 || response.status >= 300) {
      throw responseFailure(label, response, text, this.options.now(), text.trim().slice(0, 300));
    }
    const number = text.trim();
    if (!TICKET_NUMBER.test(number)) {
      // Created, most likely, but unrecorded: retrying could open a second ticket.
      throw new HelpdeskError(`osTicket answered ${response.status} without a ticket number`, {
        status: response.status,
        retryable: false,
        responseBody: keptBody(text),
      });
    }
    return number;
  }
}
