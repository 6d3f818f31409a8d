import { senderOf } from '../../mail/index.js';
import type { TicketRequest } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import { bodyHtml, bylineHtml, omittedNoteHtml } from '../shared/mail-body-html.js';
import { noteIntroductionHtml } from '../shared/note-introduction.js';
import { routeGroupId } from '../shared/numeric-ids.js';
import {
  type OmittedFile,
  type OutgoingFile,
  selectTicketFiles,
  type TicketFiles,
} from '../shared/ticket-files.js';
import { FRESHDESK_SOURCE_EMAIL, FRESHDESK_STATUS_OPEN, freshdeskPriority } from './freshdesk-codes.js';

/**
 * Longest value popdesk writes into the Message-ID custom field. Freshdesk's API reference does
 * not state the limit of a single-line text field; 255 is what its admin UI enforces, so longer
 * ids are left out rather than risking a validation error that would dead-letter the mail.
 */
export const MAX_MESSAGE_ID_FIELD_LENGTH = 255;

/** What the mapping needs from the adapter's configuration. */
export interface FreshdeskMappingSettings {
  /** Group for tickets whose route names none. */
  readonly defaultGroupId: number | undefined;
  /** API name of a single-line text ticket field (`cf_...`) that receives the Message-ID. */
  readonly messageIdField: string | undefined;
  /** Total size all files of one request may have (Freshdesk: 20 MB per ticket). */
  readonly maxAttachmentBytes: number;
}

/** What a note's mapping needs: the ticket's limit and what the ticket already holds. */
export interface FreshdeskNoteSettings extends Pick<FreshdeskMappingSettings, 'maxAttachmentBytes'> {
  /**
   * Bytes of files the ticket and its conversations already hold: Freshdesk's limit is per
   * ticket, so a note may only add what is left. Default 0.
   */
  readonly heldAttachmentBytes?: number;
}

/** The fields of `POST /api/v2/tickets`, named as Freshdesk names them. */
export interface FreshdeskTicketFields {
  readonly email: string;
  readonly name?: string;
  readonly subject: string;
  readonly description: string;
  readonly status: number;
  readonly priority?: number;
  readonly source: number;
  readonly group_id?: number;
  readonly tags: readonly string[];
  readonly cc_emails: readonly string[];
  readonly custom_fields: Readonly<Record<string, string>>;
}

/** The fields of `POST /api/v2/tickets/{id}/notes`. */
export interface FreshdeskNoteFields {
  readonly body: string;
  /** Shows the note as coming from outside, like a customer's mail. */
  readonly incoming: true;
  readonly private: false;
  /** The contact the note is from; without it Freshdesk shows the API key's agent. */
  readonly user_id?: number;
}

/**
 * The fields of `POST /api/v2/tickets/{id}/notes` for an internal note. `private` (Freshdesk's
 * default, said explicitly): agents only. `incoming: false` and no `user_id`: the note is the API
 * agent's, not a customer response, which is what Freshdesk's "reopen on customer reply"
 * handling looks for. No `notify_emails`: nobody is mailed.
 */
export interface FreshdeskPrivateNoteFields {
  readonly body: string;
  readonly private: true;
  readonly incoming: false;
}

/** A request body and its files, before serialising. */
export interface FreshdeskDraft<Fields> {
  readonly fields: Fields;
  readonly files: readonly OutgoingFile[];
  readonly omitted: readonly OmittedFile[];
}

/** Maps a mail and its route to a Freshdesk ticket. Pure; throws a permanent error for a bad route. */
export function buildFreshdeskTicket(
  request: TicketRequest,
  settings: FreshdeskMappingSettings,
): FreshdeskDraft<FreshdeskTicketFields> {
  const { mail } = request;
  const sender = senderOf(mail);
  if (sender === undefined) {
    throw new HelpdeskError('the mail names no sender (From or Reply-To), so it has no Freshdesk requester', {
      retryable: false,
    });
  }
  const groupId = freshdeskGroupId(request.route.target, settings.defaultGroupId);
  const priority = freshdeskPriority(request.route.priority);
  const { files, omitted } = fitAttachments(request, settings.maxAttachmentBytes);
  const customFields: Record<string, string> = {};
  if (settings.messageIdField !== undefined && mail.messageId.length <= MAX_MESSAGE_ID_FIELD_LENGTH) {
    customFields[settings.messageIdField] = mail.messageId;
  }
  const ccEmails = [...new Set(mail.cc.map((cc) => cc.address))].filter((cc) => cc !== sender.address);
  return {
    fields: {
      email: sender.address,
      ...(sender.name !== '' ? { name: sender.name } : {}),
      subject: mail.subject.trim() === '' ? '(no subject)' : mail.subject,
      description: bodyHtml(mail) + omittedNote(omitted, settings.maxAttachmentBytes),
      status: FRESHDESK_STATUS_OPEN,
      ...(priority !== undefined ? { priority } : {}),
      source: FRESHDESK_SOURCE_EMAIL,
      ...(groupId !== undefined ? { group_id: groupId } : {}),
      tags: [...new Set(request.route.tags)],
      cc_emails: ccEmails,
      custom_fields: customFields,
    },
    files,
    omitted,
  };
}

/**
 * Maps a reply to a public, incoming note. `userId` is the Freshdesk contact of the sender; when
 * the sender is no contact, the note names them in its first line instead.
 */
export function buildFreshdeskNote(
  request: TicketRequest,
  userId: number | undefined,
  settings: FreshdeskNoteSettings,
): FreshdeskDraft<FreshdeskNoteFields> {
  const sender = senderOf(request.mail);
  const { files, omitted } = fitNoteAttachments(request, settings);
  const byline = userId === undefined && sender !== undefined ? bylineHtml(sender) : '';
  return {
    fields: {
      body: byline + bodyHtml(request.mail) + omittedNoteForNote(omitted, settings),
      incoming: true,
      private: false,
      ...(userId !== undefined ? { user_id: userId } : {}),
    },
    files,
    omitted,
  };
}

/**
 * Maps an auto-reply or bounce to a private note: what it is and why first, then the mail's body,
 * its files (a bounce's report and returned message) within the same budget as a reply's. Pure.
 */
export function buildFreshdeskPrivateNote(
  request: TicketRequest,
  settings: FreshdeskNoteSettings,
): FreshdeskDraft<FreshdeskPrivateNoteFields> {
  const { files, omitted } = fitNoteAttachments(request, settings);
  return {
    fields: {
      body: noteIntroductionHtml(request) + bodyHtml(request.mail) + omittedNoteForNote(omitted, settings),
      private: true,
      incoming: false,
    },
    files,
    omitted,
  };
}

/**
 * The files of one request within `budget` bytes in total: the raw header block first, then the
 * mail's attachments in order, each taken if it still fits. Freshdesk refuses a ticket whose
 * attachments exceed 20 MB, so popdesk delivers the text and the files that fit, and names the
 * rest in the body, rather than losing the whole mail to a permanent error.
 */
export function fitAttachments(request: Pick<TicketRequest, 'mail' | 'raw'>, budget: number): TicketFiles {
  let left = budget;
  return selectTicketFiles(request, (file) => {
    if (file.content.length > left) return false;
    left -= file.content.length;
    return true;
  });
}

/** A note's files within what the ticket's limit leaves after the files it already holds. */
function fitNoteAttachments(request: TicketRequest, settings: FreshdeskNoteSettings): TicketFiles {
  const left = settings.maxAttachmentBytes - (settings.heldAttachmentBytes ?? 0);
  return fitAttachments(request, Math.max(0, left));
}

/** The numeric group a route names, or the default; a target that is no group id is a config error. */
export function freshdeskGroupId(
  target: string | undefined,
  defaultGroupId: number | undefined,
): number | undefined {
  return routeGroupId('Freshdesk', target, defaultGroupId);
}

/** The files left out, named at the end of a description or note. */
function omittedNote(omitted: readonly OmittedFile[], limitBytes: number): string {
  return omittedNoteHtml(
    omitted,
    `together with the rest they exceed Freshdesk's limit of ${limitBytes} bytes.`,
  );
}

/** The files left out of a note, named with what the ticket already holds. */
function omittedNoteForNote(omitted: readonly OmittedFile[], settings: FreshdeskNoteSettings): string {
  const held = settings.heldAttachmentBytes ?? 0;
  if (held === 0) return omittedNote(omitted, settings.maxAttachmentBytes);
  return omittedNoteHtml(
    omitted,
    `the ticket already holds ${held} bytes of files, and with them these would exceed ` +
      `Freshdesk's limit of ${settings.maxAttachmentBytes} bytes per ticket.`,
  );
}

/**
 * A multipart body in Freshdesk's form syntax: arrays as repeated `name[]` parts, custom fields
 * as `custom_fields[cf_name]` (freshdesk/fresh-samples wiki, "Create ticket with custom fields
 * and attachments"), every file as `attachments[]`.
 */
export function toFreshdeskForm(fields: object, files: readonly OutgoingFile[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) form.append(`${name}[]`, String(item));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) form.append(`${name}[${key}]`, String(inner));
    } else {
      form.append(name, String(value));
    }
  }
  for (const file of files) {
    form.append('attachments[]', new Blob([file.content], { type: file.contentType }), file.filename);
  }
  return form;
}
