import { senderOf } from '../../mail/index.js';
import type { TicketRequest } from '../helpdesk-adapter.js';
import { HelpdeskError } from '../helpdesk-error.js';
import { bodyHtml, omittedNoteHtml } from '../shared/mail-body-html.js';
import { noteIntroductionHtml } from '../shared/note-introduction.js';
import { routeGroupId } from '../shared/numeric-ids.js';
import { type OmittedFile, selectTicketFiles, type TicketFiles } from '../shared/ticket-files.js';

/**
 * The key under which each update records the mail's Message-ID in its audit. Tickets accept a
 * write-only `metadata` object that Zendesk stores in `audit.metadata.custom` (Tickets, JSON
 * format: `metadata`), which is how a repeated reply is recognised.
 */
export const MESSAGE_ID_METADATA_KEY = 'popdesk_message_id';

/** What the mapping needs from the adapter's configuration. */
export interface ZendeskMappingSettings {
  /** Group for tickets whose route names none. */
  readonly defaultGroupId: number | undefined;
  /** Largest single file popdesk uploads. */
  readonly maxAttachmentBytes: number;
}

/** A comment as Zendesk takes it inside `ticket.comment` (Ticket Comments). */
export interface ZendeskComment {
  readonly html_body: string;
  readonly public: true;
  readonly uploads?: readonly string[];
  readonly author_id?: number;
}

/** One entry of `ticket.email_ccs` (Tickets, "Setting email CCs"). */
export interface ZendeskEmailCc {
  readonly user_email: string;
  readonly user_name?: string;
  readonly action: 'put';
}

/** The body of `POST /api/v2/tickets`. */
export interface ZendeskNewTicket {
  readonly ticket: {
    readonly subject: string;
    readonly comment: ZendeskComment;
    readonly requester: { readonly name: string; readonly email: string };
    readonly external_id: string;
    readonly group_id?: number;
    readonly priority?: 'low' | 'normal' | 'high' | 'urgent';
    readonly tags?: readonly string[];
    readonly email_ccs?: readonly ZendeskEmailCc[];
    readonly via_followup_source_id?: number;
    readonly metadata: Readonly<Record<string, string>>;
  };
}

/** The body of `PUT /api/v2/tickets/{id}` that adds a reply. */
export interface ZendeskReplyUpdate {
  readonly ticket: {
    readonly comment: ZendeskComment;
    readonly metadata: Readonly<Record<string, string>>;
  };
}

/**
 * The body of `PUT /api/v2/tickets/{id}` that adds an internal note: a comment with `public:
 * false`, which Zendesk shows to agents only and mails to no requester or CC (Ticket Comments,
 * `public`: "true if a public comment; false if an internal note"). No `author_id`: the API
 * user, an agent, writes it, as only agents write internal notes. No `status`: the ticket keeps
 * its own.
 */
export interface ZendeskNoteUpdate {
  readonly ticket: {
    readonly comment: {
      readonly html_body: string;
      readonly public: false;
      readonly uploads?: readonly string[];
    };
    readonly metadata: Readonly<Record<string, string>>;
  };
}

/**
 * The files to upload: the raw header block, then each attachment no larger than `maxBytes`.
 * Zendesk limits each file, not their sum; a larger file is named in the comment instead of
 * failing the whole mail.
 */
export function zendeskFiles(request: Pick<TicketRequest, 'mail' | 'raw'>, maxBytes: number): TicketFiles {
  return selectTicketFiles(request, (file) => file.content.length <= maxBytes);
}

/** What makes a new ticket a follow-up of a closed one. */
export interface ZendeskFollowUp {
  /** The closed ticket. */
  readonly sourceId: number;
  /**
   * The sender's Zendesk user. A follow-up's first comment is by the API user unless
   * `comment.author_id` names another (Creating and updating tickets, "Creating a follow-up
   * ticket"), which would show the customer's words as an agent's.
   */
  readonly authorId: number;
  /** The closed ticket's tags, which any `tags` sent replace rather than extend (same page). */
  readonly sourceTags: readonly string[];
}

/**
 * Maps a mail to a new ticket whose first comment is the mail, from its sender. With
 * `followUp`, the ticket is a follow-up of that closed ticket, its comment by the sender's user.
 * Tags go only when the route has some (on a follow-up merged with the closed ticket's), since an
 * empty list would wipe the tags a follow-up inherits. Pure.
 */
export function buildZendeskTicket(
  request: TicketRequest,
  uploads: readonly string[],
  omitted: readonly OmittedFile[],
  settings: ZendeskMappingSettings,
  followUp?: ZendeskFollowUp,
): ZendeskNewTicket {
  const { mail } = request;
  const sender = senderOf(mail);
  if (sender === undefined) {
    throw new HelpdeskError('the mail names no sender (From or Reply-To), so it has no Zendesk requester', {
      retryable: false,
    });
  }
  const groupId = zendeskGroupId(request.route.target, settings.defaultGroupId);
  const ccs = uniqueBy(mail.cc, (cc) => cc.address).filter((cc) => cc.address !== sender.address);
  return {
    ticket: {
      subject: mail.subject.trim() === '' ? '(no subject)' : mail.subject,
      comment: {
        html_body: bodyHtml(mail) + omittedNote(omitted, settings.maxAttachmentBytes),
        public: true,
        ...(uploads.length > 0 ? { uploads } : {}),
        ...(followUp !== undefined ? { author_id: followUp.authorId } : {}),
      },
      requester: { name: sender.name === '' ? sender.address : sender.name, email: sender.address },
      external_id: mail.messageId,
      ...(groupId !== undefined ? { group_id: groupId } : {}),
      ...(request.route.priority !== undefined ? { priority: request.route.priority } : {}),
      ...(request.route.tags.length > 0
        ? { tags: [...new Set([...(followUp?.sourceTags ?? []), ...request.route.tags])] }
        : {}),
      ...(ccs.length > 0
        ? {
            email_ccs: ccs.map((cc) => ({
              user_email: cc.address,
              ...(cc.name !== '' ? { user_name: cc.name } : {}),
              action: 'put' as const,
            })),
          }
        : {}),
      ...(followUp !== undefined ? { via_followup_source_id: followUp.sourceId } : {}),
      metadata: { [MESSAGE_ID_METADATA_KEY]: mail.messageId },
    },
  };
}

/** Maps a reply to a public comment by `authorId` (the sender's Zendesk user). Pure. */
export function buildZendeskReply(
  request: TicketRequest,
  uploads: readonly string[],
  omitted: readonly OmittedFile[],
  authorId: number,
  settings: Pick<ZendeskMappingSettings, 'maxAttachmentBytes'>,
): ZendeskReplyUpdate {
  return {
    ticket: {
      comment: {
        html_body: bodyHtml(request.mail) + omittedNote(omitted, settings.maxAttachmentBytes),
        public: true,
        author_id: authorId,
        ...(uploads.length > 0 ? { uploads } : {}),
      },
      metadata: { [MESSAGE_ID_METADATA_KEY]: request.mail.messageId },
    },
  };
}

/**
 * Maps an auto-reply or bounce to an internal note: what it is and why first, then the mail's
 * body and the files; the Message-ID in the metadata, as for a reply, so a retried note is
 * recognised in the audits. Pure.
 */
export function buildZendeskNote(
  request: TicketRequest,
  uploads: readonly string[],
  omitted: readonly OmittedFile[],
  settings: Pick<ZendeskMappingSettings, 'maxAttachmentBytes'>,
): ZendeskNoteUpdate {
  return {
    ticket: {
      comment: {
        html_body:
          noteIntroductionHtml(request) +
          bodyHtml(request.mail) +
          omittedNote(omitted, settings.maxAttachmentBytes),
        public: false,
        ...(uploads.length > 0 ? { uploads } : {}),
      },
      metadata: { [MESSAGE_ID_METADATA_KEY]: request.mail.messageId },
    },
  };
}

/** The numeric group a route names, or the default; a target that is no group id is a config error. */
export function zendeskGroupId(
  target: string | undefined,
  defaultGroupId: number | undefined,
): number | undefined {
  return routeGroupId('Zendesk', target, defaultGroupId);
}

/** The files left out, named at the end of a comment. */
function omittedNote(omitted: readonly OmittedFile[], limitBytes: number): string {
  return omittedNoteHtml(omitted, `larger than the ${limitBytes} bytes Zendesk takes per file.`);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
