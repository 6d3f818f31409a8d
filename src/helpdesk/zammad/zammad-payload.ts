import { formatAddress, type MailAddress, rawHeaderBlock } from '../../mail/index.js';
import type { TicketRequest, TicketRoute } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import { inlineCidImages } from '../shared/inline-cid-images.js';
import { noteIntroductionHtml, noteIntroductionText } from '../shared/note-introduction.js';
import { ORIGINAL_HEADERS_FILENAME } from '../shared/ticket-files.js';

/** What a ticket gets when the mail has no subject; Zammad requires a title. */
export const NO_SUBJECT_TITLE = '(no subject)';

/** A route priority mapped to a Zammad priority name. */
export type ZammadPriorities = Readonly<Record<NonNullable<TicketRoute['priority']>, string>>;

/**
 * The names a fresh Zammad has (`GET /api/v1/ticket_priorities`: `1 low`, `2 normal`, `3 high`;
 * docs.zammad.org api/ticket/priorities). It has no fourth level, so `urgent` maps to `3 high`.
 */
export const DEFAULT_ZAMMAD_PRIORITIES: ZammadPriorities = {
  low: '1 low',
  normal: '2 normal',
  high: '3 high',
  urgent: '3 high',
};

/**
 * One attachment as `POST /api/v1/ticket_articles` takes it: all three keys are required, `data`
 * strict base64 (Zammad's `article_create_attachments_params` answers 422 otherwise).
 */
export interface ZammadAttachment {
  readonly filename: string;
  readonly data: string;
  readonly 'mime-type': string;
}

/**
 * An address Zammad's `EmailAddressValidation` can accept: one `@`, a dotted domain, nothing that
 * would need quoting.
 */
const PLAIN_ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\]+$/;

/** The article body of `POST /api/v1/ticket_articles` and of a new ticket's `article`. */
export interface ZammadArticle {
  /**
   * `email`, or `web` for a mail with no usable recipient: Zammad refuses an `email` article whose
   * `to` does not parse into valid addresses (`Ticket::Article#check_email_recipient_validity`,
   * 422 "Sending an email without a valid recipient is not possible."), whoever the sender.
   */
  readonly type: 'email' | 'web';
  /** `Customer`: Zammad sends no mail for customer articles (`EnqueueCommunicateEmailJob`). */
  readonly sender: 'Customer';
  readonly internal: false;
  readonly from: string;
  /** Bare addresses: Zammad parses and validates this field, and a display name could fail it. */
  readonly to: string;
  readonly cc: string;
  readonly subject: string;
  readonly body: string;
  readonly content_type: 'text/html' | 'text/plain';
  /** With angle brackets, as Zammad's own mail channel stores it. */
  readonly message_id: string;
  readonly in_reply_to?: string;
  readonly references?: string;
  readonly attachments: readonly ZammadAttachment[];
}

/**
 * An internal note as `POST /api/v1/ticket_articles` takes it: the article of {@link buildZammadArticle}
 * made a system note. These are the values Zammad gives its own notes about a ticket (its trigger
 * action "note", `Ticket::PerformChanges::Action::ArticleNote`, and the notes its channels add
 * when a delivery fails): `type` note, which is no communication article and so neither sends
 * anything nor counts for SLAs (docs.zammad.org api/ticket/articles, "type"); `sender` System,
 * which no "from customer" trigger matches, so neither auto-reply trigger fires; `internal`, so
 * the customer never sees it, not even in the customer portal.
 */
export interface ZammadNote extends Omit<ZammadArticle, 'type' | 'sender' | 'internal'> {
  readonly type: 'note';
  readonly sender: 'System';
  readonly internal: true;
}

/** The body of `POST /api/v1/tickets`. */
export interface ZammadTicketCreate {
  readonly title: string;
  /** Group name; Zammad resolves it and answers 422 for an unknown one. */
  readonly group: string;
  /**
   * The customer's user id, or `guess:<email>`: Zammad finds the customer by address or creates
   * one, without a name (`TicketsController#create`).
   */
  readonly customer_id: number | string;
  readonly priority?: string;
  /** Comma-separated: `TicketsController#create` splits `tags` on `,`. */
  readonly tags?: string;
  readonly article: ZammadArticle;
}

/** Adapter settings the ticket body depends on. */
export interface ZammadTicketSettings {
  readonly defaultGroup: string;
  /** Customer address for a mail without a usable From address. */
  readonly customerFallback?: string;
  readonly priorities: ZammadPriorities;
  /** The id of the customer {@link zammadCustomerAddress} names, when popdesk found or created it. */
  readonly customerId?: number;
}

/**
 * The article for one mail: an incoming email from the customer, with the sanitised HTML body
 * (inline images as `data:` URLs) or the text body, the mail's message ids in angle brackets, its
 * attachments, and the raw header block as `original-headers.txt`. `to` holds the To addresses,
 * else Delivered-To (a Bcc'd mail); with neither the article is of type `web`. Pure.
 */
export function buildZammadArticle(request: TicketRequest): ZammadArticle {
  const { mail } = request;
  const body =
    mail.html !== undefined
      ? inlineCidImages(mail.html, mail.attachments)
      : { html: undefined, attachments: mail.attachments };
  const attachments: ZammadAttachment[] = body.attachments.map((attachment) => ({
    filename: attachment.filename,
    data: attachment.content.toString('base64'),
    'mime-type': attachment.contentType,
  }));
  const headers = rawHeaderBlock(request.raw);
  if (headers.length > 0) {
    attachments.push({
      filename: ORIGINAL_HEADERS_FILENAME,
      data: headers.toString('base64'),
      'mime-type': 'text/plain',
    });
  }
  const to = recipients(request);
  const inReplyTo = mail.inReplyTo.map(bracket).join(' ');
  const references = mail.references.map(bracket).join(' ');
  return {
    type: to === '' ? 'web' : 'email',
    sender: 'Customer',
    internal: false,
    from: mail.from !== undefined ? zammadAddress(mail.from) : '',
    to,
    cc: mail.cc.map(zammadAddress).join(', '),
    subject: mail.subject,
    body: body.html ?? mail.text,
    content_type: body.html !== undefined ? 'text/html' : 'text/plain',
    message_id: bracket(mail.messageId),
    ...(inReplyTo !== '' ? { in_reply_to: inReplyTo } : {}),
    ...(references !== '' ? { references } : {}),
    attachments,
  };
}

/**
 * An auto-reply or bounce as an internal system note: the article's fields, attachments and
 * message ids (so the Message-ID lookup recognises a retried note), its body introduced by what
 * the mail is and why. Pure.
 */
export function buildZammadNote(request: TicketRequest): ZammadNote {
  const article = buildZammadArticle(request);
  const intro =
    article.content_type === 'text/html' ? noteIntroductionHtml(request) : noteIntroductionText(request);
  return { ...article, type: 'note', sender: 'System', internal: true, body: intro + article.body };
}

/**
 * The new-ticket body for one mail: title from the subject, group from the route (else the
 * default), customer by address, priority and tags from the route, and the mail as first article.
 * Throws a permanent {@link HelpdeskError} when the mail names no customer and no fallback is set.
 */
export function buildZammadTicket(
  request: TicketRequest,
  settings: ZammadTicketSettings,
): ZammadTicketCreate {
  const { mail, route } = request;
  const customer = zammadCustomerAddress(request, settings.customerFallback);
  // Zammad splits `tags` on commas, so a tag written with a comma becomes two tags.
  const tags = route.tags.map((tag) => tag.trim()).filter((tag) => tag !== '');
  const title = mail.subject.trim();
  return {
    title: title === '' ? NO_SUBJECT_TITLE : title,
    group: route.target ?? settings.defaultGroup,
    customer_id: settings.customerId ?? `guess:${customer}`,
    ...(route.priority !== undefined ? { priority: settings.priorities[route.priority] } : {}),
    ...(tags.length > 0 ? { tags: tags.join(',') } : {}),
    article: buildZammadArticle(request),
  };
}

/**
 * The address of a new ticket's customer: the From address, or `customerFallback` when the mail
 * has none or one Zammad would refuse (`Invalid email ... of customer`, 422). Throws a permanent
 * {@link HelpdeskError} when neither is there. Pure.
 */
export function zammadCustomerAddress(request: TicketRequest, customerFallback: string | undefined): string {
  const from = request.mail.from?.address;
  const customer =
    from !== undefined && (PLAIN_ADDRESS.test(from) || customerFallback === undefined)
      ? from
      : customerFallback;
  if (customer === undefined || customer === '') {
    throw new HelpdeskError(
      'the mail has no From address and no customerFallback is configured: zammad needs a customer',
      { retryable: false },
    );
  }
  return customer;
}

/** The To addresses Zammad will accept, else Delivered-To, else nothing. */
function recipients(request: TicketRequest): string {
  const to = request.mail.to
    .map((address) => address.address)
    .filter((address) => PLAIN_ADDRESS.test(address));
  if (to.length > 0) return to.join(', ');
  const deliveredTo = request.mail.headers['delivered-to']?.trim().replace(/^<(.*)>$/, '$1') ?? '';
  return PLAIN_ADDRESS.test(deliveredTo) ? deliveredTo.toLowerCase() : '';
}

/** `Name <address>`, the name quoted when it holds anything beyond atoms, dots and spaces. Pure. */
function zammadAddress(address: MailAddress): string {
  return formatAddress(address, 'when-needed');
}

function bracket(id: string): string {
  return `<${id}>`;
}
