import type { AxiosInstance, AxiosResponse } from 'axios';
import { HelpdeskError } from '../helpdesk-error.js';
import { keptBody, networkFailure, responseFailure } from '../shared/helpdesk-http-failure.js';
import { answerText, textAnswerConfig } from '../shared/http-text-answer.js';
import { isOsTicketRefusal } from './osticket-refusal.js';
import { isOsTicketNumber } from './osticket-ticket-number.js';

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
 * 401 for an unknown, inactive or IP-mismatched key (the key is looked up by key and client
 * address together) or one without "Can Create Tickets", 400 for a malformed request, 403 for a
 * denied ticket (ban list, filter), 415 for an unknown format, and 500 for everything else,
 * including a mail it refuses for good (include/class.api.php, include/api.tickets.php). Each
 * becomes a {@link HelpdeskError} by status, except that refusing 500 ({@link isOsTicketRefusal}),
 * which is permanent.
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
      const failure = responseFailure(label, response, text, this.options.now(), text.trim().slice(0, 300));
      if (!isOsTicketRefusal(response.status, text)) throw failure;
      throw new HelpdeskError(failure.message, {
        status: response.status,
        retryable: false,
        ...(failure.responseBody !== undefined ? { responseBody: failure.responseBody } : {}),
      });
    }
    const number = text.trim();
    if (!isOsTicketNumber(number)) {
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
