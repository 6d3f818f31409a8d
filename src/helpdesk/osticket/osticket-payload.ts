import type { TicketRequest, TicketRoute } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import { inlineCidImages } from '../shared/inline-cid-images.js';

/** The subject osTicket itself gives a mail without one (`ApiEmailDataParser::fixup`). */
export const NO_SUBJECT = '[No Subject]';

/** A route priority mapped to an osTicket priority id. */
export type OsTicketPriorities = Readonly<Record<NonNullable<TicketRoute['priority']>, number>>;

/**
 * The ids a fresh osTicket has (include/i18n/en_US/priority.yaml: 1 Low, 2 Normal, 3 High,
 * 4 Emergency).
 */
export const DEFAULT_OSTICKET_PRIORITIES: OsTicketPriorities = { low: 1, normal: 2, high: 3, urgent: 4 };

/**
 * The body of `POST /api/tickets.json` (setup/doc/api/tickets.md, "Fields"). `alert`,
 * `autorespond` and `source` are left to osTicket's defaults (true, true, `API`).
 */
export interface OsTicketJsonTicket {
  readonly name: string;
  readonly email: string;
  readonly subject: string;
  /** An RFC 2397 data URL: `data:text/html;charset=utf-8,<html>` or `data:text/plain;...`. */
  readonly message: string;
  readonly topicId?: number;
  /** A priority *id*, as the docs say. */
  readonly priority?: number;
  /** One object per file, `{ "<name>": "data:<type>;base64,<data>" }`. */
  readonly attachments: ReadonlyArray<Readonly<Record<string, string>>>;
}

/** Adapter settings the JSON body depends on. */
export interface OsTicketJsonSettings {
  /** Help topic for routes that name none. */
  readonly topicId?: number;
  readonly priorities: OsTicketPriorities;
  /**
   * The ticket a reply belongs to. osTicket's API cannot add to a ticket, so a reply opens a new
   * one whose message starts by naming this number.
   */
  readonly followUpOf?: string;
}

/**
 * Maps a mail to osTicket's JSON ticket. The message and attachments are data URLs, with two
 * osTicket quirks honoured (`Format::parseRfc2397`, include/class.format.php): the message names
 * `charset=utf-8` because without a charset osTicket reads it as ISO-8859-1 and garbles UTF-8, and
 * an attachment URL carries exactly one parameter (`;base64`) because osTicket reads only the first.
 * The data after the comma is taken verbatim (not %-decoded). Throws a permanent
 * {@link HelpdeskError} when the mail has no From address or the route names no topic id. Pure.
 */
export function buildOsTicketJson(
  request: TicketRequest,
  settings: OsTicketJsonSettings,
): OsTicketJsonTicket {
  const { mail, route } = request;
  if (mail.from === undefined || mail.from.address === '') {
    throw new HelpdeskError("the mail has no From address: osTicket's API requires the submitter's email", {
      retryable: false,
    });
  }
  const topicId = route.target !== undefined ? topicIdOf(route.target) : settings.topicId;
  const body =
    mail.html !== undefined
      ? inlineCidImages(mail.html, mail.attachments)
      : { html: undefined, attachments: mail.attachments };
  const subject = mail.subject.trim();
  return {
    name: mail.from.name.trim() === '' ? mail.from.address : mail.from.name.trim(),
    email: mail.from.address,
    subject: subject === '' ? NO_SUBJECT : subject,
    message:
      body.html !== undefined
        ? `data:text/html;charset=utf-8,${followUpHtml(settings.followUpOf)}${body.html}`
        : `data:text/plain;charset=utf-8,${followUpText(settings.followUpOf)}${mail.text}`,
    ...(topicId !== undefined ? { topicId } : {}),
    ...(route.priority !== undefined ? { priority: settings.priorities[route.priority] } : {}),
    attachments: body.attachments.map((attachment) => ({
      [attachment.filename]: `data:${attachment.contentType};base64,${attachment.content.toString('base64')}`,
    })),
  };
}

/** The line that opens a reply turned into its own ticket. */
export function followUpNotice(ticketNumber: string): string {
  return `Follow-up to ticket #${ticketNumber} (osTicket's API cannot add a reply to an existing ticket).`;
}

function followUpText(ticketNumber: string | undefined): string {
  return ticketNumber === undefined ? '' : `${followUpNotice(ticketNumber)}\n\n`;
}

function followUpHtml(ticketNumber: string | undefined): string {
  return ticketNumber === undefined ? '' : `<p><em>${escapeHtml(followUpNotice(ticketNumber))}</em></p>`;
}

function topicIdOf(target: string): number {
  if (!/^\d{1,9}$/.test(target.trim())) {
    throw new HelpdeskError(`route target "${target}" is not an osTicket help topic id`, {
      retryable: false,
    });
  }
  return Number(target.trim());
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
