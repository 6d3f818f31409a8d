/** An attachment as the MIME parser found it, before popdesk names and hashes it. */
export interface RawAttachment {
  /** The file name the mail gave, decoded; undefined when it gave none. */
  readonly filename: string | undefined;
  readonly contentType: string;
  /** Content-ID without angle brackets. */
  readonly contentId: string | undefined;
  readonly inline: boolean;
  readonly content: Buffer;
}

/** The body of a mail: its text parts, its HTML parts (unsanitised), its attachments. */
export interface MailBody {
  /** The text/plain parts joined; empty when there were none. */
  readonly text: string;
  /** The text/html parts joined, as the mail had them; undefined when there were none. */
  readonly html: string | undefined;
  readonly attachments: readonly RawAttachment[];
  /**
   * The header of the first mail embedded inline (`message/rfc822` with `Content-Disposition:
   * inline`), whose text is merged into `text`; undefined when there was none.
   */
  readonly embeddedHeader?: Buffer;
}
