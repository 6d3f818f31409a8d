import type { AxiosInstance, AxiosResponse } from 'axios';
import type { HelpdeskAdapter, TicketRequest, TicketResult } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';
import { type HelpdeskCallLabel, networkFailure, responseFailure } from '../shared/helpdesk-http-failure.js';
import { answerText, parseJson, textAnswerConfig } from '../shared/http-text-answer.js';
import { WebhookBody } from './webhook-body.js';
import { buildWebhookEnvelope, WEBHOOK_PAYLOAD_VERSION, type WebhookPayload } from './webhook-payload.js';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhook-signature.js';

/** The webhook has one URL, which may carry a token: messages name neither. */
const LABEL: HelpdeskCallLabel = { helpdesk: 'the webhook' };

/** Settings for {@link WebhookAdapter}. */
export interface WebhookAdapterOptions {
  readonly url: string;
  /** HMAC key; the receiver holds the same one. */
  readonly secret: string;
  readonly timeoutMs: number;
  /** Extra headers, e.g. an API key the receiver wants. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly http: AxiosInstance;
  /** Milliseconds since the epoch; injected so tests control signatures and Retry-After dates. */
  readonly now: () => number;
}

/**
 * Posts each mail as JSON to one URL (see docs/webhook.md). Every request carries an
 * `Idempotency-Key` that stays the same across retries of one mail, and an HMAC-SHA256
 * signature. The receiver answers 2xx with `{"ticketId": "..."}`; it must return the same
 * ticket for a key it has seen, which is what makes a retry after a lost answer safe.
 */
export class WebhookAdapter implements HelpdeskAdapter {
  readonly name = 'webhook';

  constructor(private readonly options: WebhookAdapterOptions) {}

  async createTicket(request: TicketRequest): Promise<TicketResult> {
    const answer = await this.post('ticket.create', request, null);
    if (answer === undefined) {
      throw new HelpdeskError('the webhook accepted the ticket but its answer has no "ticketId"', {
        retryable: false,
      });
    }
    return { ticketId: answer };
  }

  async addReply(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    const answer = await this.post('ticket.reply', request, ticketId);
    return { ticketId: answer ?? ticketId };
  }

  /**
   * Posts a `ticket.note`: the receiver adds the mail to the ticket as an internal note. Its
   * idempotency key is the mail's, as for a reply, so a retried note is answered, not added.
   */
  async addNote(ticketId: string, request: TicketRequest): Promise<TicketResult> {
    const answer = await this.post('ticket.note', request, ticketId);
    return { ticketId: answer ?? ticketId };
  }

  /**
   * Posts a signed `popdesk.check` event. A receiver verifies the signature before it reads the
   * event, and must refuse an event it does not know with a 4xx (docs/webhook.md): so a 401 or
   * 403 means the secret or headers are refused, and any other 4xx or a 2xx means they were
   * accepted. Whether the receiver opens tickets cannot be seen without sending one.
   */
  async checkSetup(): Promise<HelpdeskSetupCheck[]> {
    const body = JSON.stringify({ version: WEBHOOK_PAYLOAD_VERSION, event: 'popdesk.check' });
    const response = await this.signedPost(body, `popdesk-check-${this.options.now()}`);
    const status = response.status;
    if (status === 401 || status === 403) {
      throw responseFailure(LABEL, response, answerText(response), this.options.now());
    }
    if (
      status === 404 ||
      status === 405 ||
      status >= 500 ||
      status < 200 ||
      (status >= 300 && status < 400)
    ) {
      return [
        {
          what: 'url',
          ok: false,
          detail: responseFailure(LABEL, response, answerText(response), this.options.now()).message,
          fix: "check helpdesk.url: it must be the receiver's endpoint, answering POST",
        },
      ];
    }
    return [
      {
        what: 'auth',
        ok: true,
        detail: `the receiver answered ${status} to a signed check event: the signature and headers are accepted (whether it opens tickets is not tested)`,
      },
    ];
  }

  /**
   * Sends one event about `request`'s mail; resolves with the `ticketId` of a 2xx answer, if it
   * named one. The body streams: its attachments are encoded while they are sent.
   */
  private async post(
    event: WebhookPayload['event'],
    request: TicketRequest,
    ticketId: string | null,
  ): Promise<string | undefined> {
    const body = new WebhookBody(
      buildWebhookEnvelope(event, request, ticketId),
      request.mail.attachments.map((attachment) => attachment.content),
    );
    const response = await this.signedPost(body, request.idempotencyKey);
    const text = answerText(response);
    if (response.status < 200 || response.status >= 300) {
      throw responseFailure(LABEL, response, text, this.options.now());
    }
    return readTicketId(text);
  }

  /** POSTs `body` with its signature and the idempotency key; any status is an answer. */
  private async signedPost(
    body: string | WebhookBody,
    idempotencyKey: string,
  ): Promise<AxiosResponse<string>> {
    const timestamp = Math.floor(this.options.now() / 1000);
    const sent =
      typeof body === 'string'
        ? { data: body, length: Buffer.byteLength(body), pieces: body }
        : { data: body.stream(), length: body.length, pieces: body.chunks() };
    try {
      return await this.options.http.post<string>(this.options.url, sent.data, {
        headers: {
          ...this.options.headers,
          'content-type': 'application/json',
          'content-length': String(sent.length),
          'idempotency-key': idempotencyKey,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, timestamp, sent.pieces),
        },
        timeout: this.options.timeoutMs,
        ...textAnswerConfig(1024 * 1024),
      });
    } catch (error) {
      throw networkFailure(LABEL, error);
    }
  }
}

/** The `ticketId` of a 2xx answer; a 2xx without JSON is an answer without one. */
function readTicketId(text: string): string | undefined {
  const parsed = parseJson(text);
  if (parsed !== null && typeof parsed === 'object' && 'ticketId' in parsed) {
    const id = parsed.ticketId;
    if (typeof id === 'string' && id !== '') return id;
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  }
  return undefined;
}
