import { formatAddress, type InboundMail, type MailAddress, senderOf } from '../../mail/index.js';
import type { TicketRequest, TicketRoute } from '../helpdesk-adapter.js';
import { noteIntroductionHtml, noteIntroductionText } from '../shared/note-introduction.js';
import { type RtAttachment, rtAttachments } from './rt-attachments.js';
import { replaceInlineImages } from './rt-inline-images.js';

/** popdesk's priorities as RT numbers. */
export type RtPriorities = Readonly<Record<NonNullable<TicketRoute['priority']>, number>>;

/** RT 5's default `%PriorityAsString` is Low 0, Medium 50, High 100: urgent is High as well. */
export const DEFAULT_RT_PRIORITIES: RtPriorities = { low: 0, normal: 50, high: 100, urgent: 100 };

/**
 * The custom fields popdesk writes, by id (or name). Ids, because REST2 looks names up before the
 * ticket has a queue, so a field applied to some queues only is not found by name on create.
 */
export interface RtFieldIds {
  /** Ticket custom field: the Message-ID of the mail that opened the ticket. */
  readonly messageId: string;
  /** Transaction custom field: the Message-ID of a reply. */
  readonly replyMessageId: string;
  /** Ticket custom field for the route's tags; tags are dropped without it (RT has no tags). */
  readonly tags?: string | undefined;
}

/** The JSON of `POST /REST/2.0/ticket`. */
export interface RtTicketCreate {
  readonly Queue: string;
  readonly Subject: string;
  readonly Requestor?: string;
  readonly Cc?: readonly string[];
  readonly Priority?: number;
  readonly ContentType: 'text/html' | 'text/plain';
  readonly Content: string;
  readonly CustomFields: Readonly<Record<string, string | readonly string[]>>;
  readonly Attachments: readonly RtAttachment[];
  /** A "refers to" link to the earlier ticket this one continues. */
  readonly RefersTo?: string;
}

/** The JSON of `POST /REST/2.0/ticket/{id}/correspond`, and of `/comment`, which takes the same fields. */
export interface RtCorrespond {
  readonly Subject: string;
  readonly ContentType: 'text/html' | 'text/plain';
  readonly Content: string;
  readonly TxnCustomFields: Readonly<Record<string, string>>;
  readonly Attachments: readonly RtAttachment[];
}

/**
 * A new ticket from a mail: the sender (or, without a From, the first Reply-To) as requestor,
 * the mail's Cc as Cc, the route's priority as an RT number, the body as HTML when the mail had
 * HTML, the Message-ID in its custom field, and every attachment. Pure.
 */
export function buildTicketCreate(
  request: TicketRequest,
  settings: { readonly queue: string; readonly fields: RtFieldIds; readonly priorities: RtPriorities },
): RtTicketCreate {
  const { mail, route } = request;
  const requestor = senderOf(mail);
  const cc = uniqueAddresses(mail.cc, requestor);
  const customFields: Record<string, string | readonly string[]> = {
    [settings.fields.messageId]: mail.messageId,
  };
  if (settings.fields.tags !== undefined && route.tags.length > 0) {
    customFields[settings.fields.tags] = [...new Set(route.tags)];
  }
  return {
    Queue: settings.queue,
    Subject: mail.subject,
    ...(requestor !== undefined ? { Requestor: rtAddress(requestor) } : {}),
    ...(cc.length > 0 ? { Cc: cc.map(rtAddress) } : {}),
    ...(route.priority !== undefined ? { Priority: settings.priorities[route.priority] } : {}),
    ...messageBody(mail, request.raw),
    CustomFields: customFields,
    ...(request.relatedTicketId !== undefined ? { RefersTo: request.relatedTicketId } : {}),
  };
}

/**
 * The customer's reply as correspondence, its Message-ID in the transaction custom field. Pure.
 */
export function buildCorrespond(request: TicketRequest, fields: RtFieldIds): RtCorrespond {
  const { mail } = request;
  return {
    Subject: mail.subject,
    ...messageBody(mail, request.raw),
    TxnCustomFields: { [fields.replyMessageId]: mail.messageId },
  };
}

/**
 * An auto-reply or bounce as a comment: RT's private kind of transaction, which its default
 * scrips show to the queue's AdminCcs only, never to requestors or Ccs, and which no default
 * scrip takes as a reason to reopen. The body starts with what the mail is and why
 * (`Auto-reply from ...`); the Message-ID goes into the transaction custom field, as a reply's
 * does, so the worker's lookup recognises a retried note. Pure.
 */
export function buildComment(request: TicketRequest, fields: RtFieldIds): RtCorrespond {
  const reply = buildCorrespond(request, fields);
  const intro =
    reply.ContentType === 'text/html' ? noteIntroductionHtml(request) : noteIntroductionText(request);
  return { ...reply, Content: intro + reply.Content };
}

function messageBody(
  mail: InboundMail,
  raw: Buffer,
): Pick<RtTicketCreate, 'ContentType' | 'Content' | 'Attachments'> {
  if (mail.html === undefined) {
    return { ContentType: 'text/plain', Content: mail.text, Attachments: rtAttachments(mail, raw, []) };
  }
  const { html, embedded } = replaceInlineImages(mail.html, mail.attachments);
  return { ContentType: 'text/html', Content: html, Attachments: rtAttachments(mail, raw, embedded) };
}

/**
 * `"Display Name" <address>`, always quoted, which RT parses into the user's RealName and
 * EmailAddress when it creates the user; the bare address when there is no name.
 */
function rtAddress(entry: MailAddress): string {
  return formatAddress(entry, 'always');
}

function uniqueAddresses(addresses: readonly MailAddress[], except: MailAddress | undefined): MailAddress[] {
  const seen = new Set(except !== undefined ? [except.address] : []);
  return addresses.filter((entry) => {
    if (entry.address === '' || seen.has(entry.address)) return false;
    seen.add(entry.address);
    return true;
  });
}
