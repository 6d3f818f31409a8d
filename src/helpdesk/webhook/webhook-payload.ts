import type { MailClassification } from '../../hygiene/mail-classification.js';
import type { MailAddress } from '../../mail/index.js';
import type { TicketRequest } from '../helpdesk-adapter.js';

/**
 * Version of the JSON body below; bumped on any incompatible change. New fields and new events
 * are compatible (docs/webhook.md, "Versions"), so `ticket.note` and `message.classification`
 * kept it at 1.
 */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** One attachment in the webhook body. */
export interface WebhookAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly contentId: string | null;
  readonly inline: boolean;
  readonly size: number;
  readonly sha256: string;
  readonly contentBase64: string;
}

/** The JSON body popdesk POSTs; documented in docs/webhook.md. */
export interface WebhookPayload {
  readonly version: number;
  /**
   * `ticket.create` opens a ticket; `ticket.reply` adds the customer's mail to `ticketId`;
   * `ticket.note` adds it to `ticketId` as an internal note (an auto-reply, a bounce) that must
   * not reach the customer nor reopen the ticket.
   */
  readonly event: 'ticket.create' | 'ticket.reply' | 'ticket.note';
  readonly idempotencyKey: string;
  readonly mailbox: string;
  readonly ticketId: string | null;
  /** For `ticket.create`: an earlier, closed ticket this one continues (`threading.closedTickets: new-ticket`). */
  readonly relatedTicketId: string | null;
  /** What the routing rules decided: destination, priority, tags. */
  readonly route: {
    readonly target: string | null;
    readonly priority: string | null;
    readonly tags: readonly string[];
  };
  readonly message: {
    readonly messageId: string;
    readonly inReplyTo: readonly string[];
    readonly references: readonly string[];
    readonly from: MailAddress | null;
    readonly replyTo: readonly MailAddress[];
    readonly to: readonly MailAddress[];
    readonly cc: readonly MailAddress[];
    readonly date: string | null;
    readonly subject: string;
    readonly text: string;
    readonly html: string | null;
    readonly headers: Readonly<Record<string, string>>;
    readonly problems: readonly string[];
    /** What kind of mail this is and why; `normal` with no signals when nothing classified it. */
    readonly classification: MailClassification;
  };
  readonly attachments: readonly WebhookAttachment[];
}

/** What a payload says of a mail nothing classified. */
const UNCLASSIFIED: MailClassification = { class: 'normal', signals: [] };

/** An attachment of the webhook body without its bytes, which {@link WebhookBody} streams in. */
export type WebhookAttachmentHeader = Omit<WebhookAttachment, 'contentBase64'>;

/** The webhook body without the attachments' bytes: a few KB, whatever the mail's size. */
export type WebhookEnvelope = Omit<WebhookPayload, 'attachments'> & {
  readonly attachments: readonly WebhookAttachmentHeader[];
};

/**
 * Maps a mail to the webhook body, but for the attachments' bytes, which stay the mail's own
 * buffers until {@link WebhookBody} encodes them on the way out. Pure.
 */
export function buildWebhookEnvelope(
  event: WebhookPayload['event'],
  request: TicketRequest,
  ticketId: string | null,
): WebhookEnvelope {
  const { mail } = request;
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    event,
    idempotencyKey: request.idempotencyKey,
    mailbox: request.mailboxId,
    ticketId,
    relatedTicketId: request.relatedTicketId ?? null,
    route: {
      target: request.route.target ?? null,
      priority: request.route.priority ?? null,
      tags: request.route.tags,
    },
    message: {
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      from: mail.from ?? null,
      replyTo: mail.replyTo,
      to: mail.to,
      cc: mail.cc,
      date: mail.date?.toISOString() ?? null,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      headers: mail.headers,
      problems: mail.problems,
      classification: request.classification ?? UNCLASSIFIED,
    },
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      contentId: attachment.contentId ?? null,
      inline: attachment.inline,
      size: attachment.size,
      sha256: attachment.sha256,
    })),
  };
}
