import type { AxiosInstance } from 'axios';
import type { HelpdeskAdapter, TicketRequest, TicketResult } from '../helpdesk-adapter.js';
import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { encodeEightBitHeaders } from './encode-eight-bit-headers.js';
import { joinParameterContinuations } from './join-parameter-continuations.js';
import { OsTicketClient } from './osticket-client.js';
import {
  buildOsTicketJson,
  DEFAULT_OSTICKET_PRIORITIES,
  type OsTicketPriorities,
} from './osticket-payload.js';
import { checkOsTicketSetup } from './osticket-setup-check.js';

/**
 * How mail goes to osTicket. `raw-mail` pipes the whole message to `api/tickets.email`, the way
 * osTicket's own mail fetcher would; `json` sends popdesk's reading of it to `api/tickets.json`.
 */
export type OsTicketMode = 'json' | 'raw-mail';

/** Settings for {@link OsTicketAdapter}. */
export interface OsTicketAdapterOptions {
  /** The API base, e.g. `https://help.example.com/api` (or `.../api/http.php` without URL rewriting). */
  readonly url: string;
  /** An API key with "Can Create Tickets", bound to popdesk's IP address. */
  readonly apiKey: string;
  readonly mode: OsTicketMode;
  /** Help topic id for routes that name none (`json` mode only). */
  readonly topicId?: number;
  /** Route priority to osTicket priority id (`json` mode only); osTicket's default ids when omitted. */
  readonly priorities?: OsTicketPriorities;
  /**
   * osTicket's maximum file size in bytes. In `json` mode a mail with a bigger attachment is
   * piped to `tickets.email` instead: the JSON API would drop the file and still answer 201.
   * Undefined: every mail goes as JSON.
   */
  readonly maxFileSize?: number;
  readonly timeoutMs: number;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch, for Retry-After dates. */
  readonly now: () => number;
}

/**
 * Posts mail to osTicket's HTTP API (setup/doc/api.md and setup/doc/api/tickets.md in
 * osTicket/osTicket). That API can only create: it has no endpoint to add a reply, look a ticket
 * up, search, or change a state. Ticket ids here are osTicket's ticket *numbers*, which is what
 * it answers (`201 Created`, body `123456`).
 *
 * - `raw-mail`: `POST api/tickets.email` with the raw message. osTicket runs it through its mail
 *   pipeline (`TicketApiController::processEmail`): a Message-ID it has seen returns the ticket it
 *   went to, a mail whose In-Reply-To or References names a thread entry (or whose subject names
 *   `#<number>` from the ticket's owner) joins that ticket, anything else opens one. It keeps the
 *   attachments and inline images itself. Replies are posted the same way and osTicket decides
 *   where they go; the answered number is the result. The route's topic and priority are not
 *   sent: the mail endpoint takes none, osTicket applies its email settings and filters. Two
 *   things osTicket's mail parser gets wrong are mended first, touching nothing else:
 *   {@link encodeEightBitHeaders} and {@link joinParameterContinuations}.
 * - `json`: `POST api/tickets.json` with name, email, subject, message, topicId, priority and
 *   attachments as data URLs. A reply cannot be added to a ticket through this API; it opens a new
 *   ticket whose message begins "Follow-up to ticket #<number>", so the mail is never held back.
 *   Use `raw-mail` for real threading. A mail with an attachment over `maxFileSize` goes the
 *   raw-mail way (so a reply then joins its ticket, and the route's topic is not applied): osTicket
 *   would drop the file from the JSON request and still answer 201, and its API has no call to
 *   find out afterwards.
 *
 * No {@link HelpdeskAdapter.findTicketByMessageId}, {@link HelpdeskAdapter.ticketFromSubject},
 * `ticketState` or `reopenTicket`: the official API has nothing to build them on (raw-mail mode
 * gets all four behaviours from osTicket's own mail pipeline instead).
 */
export class OsTicketAdapter implements HelpdeskAdapter {
  readonly name = 'osticket';
  private readonly client: OsTicketClient;
  private readonly priorities: OsTicketPriorities;

  constructor(private readonly options: OsTicketAdapterOptions) {
    this.client = new OsTicketClient(options);
    this.priorities = options.priorities ?? DEFAULT_OSTICKET_PRIORITIES;
  }

  async createTicket(request: TicketRequest): Promise<TicketResult> {
    return { ticketId: await this.send(request, undefined) };
  }

  async addReply(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    return { ticketId: await this.send(request, ticketId) };
  }

  /** For `popdesk check`: the help topics and file limit its public form shows (see {@link checkOsTicketSetup}). */
  checkSetup(targets: readonly string[]): Promise<HelpdeskSetupCheck[]> {
    const { url, timeoutMs, http, now, mode, topicId, maxFileSize } = this.options;
    return checkOsTicketSetup(
      { url, timeoutMs, http, now },
      {
        targets: [...new Set([...(topicId !== undefined ? [String(topicId)] : []), ...targets])],
        mode,
        // Without a configured limit there is nothing to compare with osTicket's.
        maxFileSize: maxFileSize ?? 0,
      },
    );
  }

  private async send(request: TicketRequest, followUpOf: string | undefined): Promise<string> {
    if (this.options.mode === 'raw-mail' || this.tooBigForJson(request)) {
      const raw = joinParameterContinuations(encodeEightBitHeaders(request.raw, request.mail));
      return this.client.post('tickets.email', raw, 'message/rfc822');
    }
    const body = buildOsTicketJson(request, {
      priorities: this.priorities,
      ...(this.options.topicId !== undefined ? { topicId: this.options.topicId } : {}),
      ...(followUpOf !== undefined ? { followUpOf } : {}),
    });
    return this.client.post('tickets.json', JSON.stringify(body), 'application/json');
  }

  /** Whether osTicket's JSON API would drop one of the mail's files (`max_file_size`). */
  private tooBigForJson(request: TicketRequest): boolean {
    const limit = this.options.maxFileSize;
    return limit !== undefined && request.mail.attachments.some((attachment) => attachment.size > limit);
  }
}
