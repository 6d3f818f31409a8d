/** A person as a mail header names them. */
export interface MailAddress {
  /** Lower-cased address, `local@domain`. */
  readonly address: string;
  /** Display name, decoded; empty when the header had none. */
  readonly name: string;
}

/** One attachment, including inline parts referenced by `cid:` from the HTML body. */
export interface MailAttachment {
  /** File name, decoded; a generated one (`attachment-1.bin`) when the mail gave none. */
  readonly filename: string;
  /** MIME type, lower-cased, e.g. `application/pdf`. */
  readonly contentType: string;
  /** Content-ID without angle brackets, for inline images; undefined otherwise. */
  readonly contentId: string | undefined;
  /**
   * True for `Content-Disposition: inline` parts: typically images in the HTML body, or a text
   * part with a file name, whose text is in the body as well.
   */
  readonly inline: boolean;
  readonly size: number;
  /** Hex SHA-256 of `content`. */
  readonly sha256: string;
  readonly content: Buffer;
}

/**
 * A mail as popdesk understands it, whatever state it arrived in. Built by `parseMail` from the
 * raw bytes; pure data, safe to hand to any helpdesk adapter.
 */
export interface InboundMail {
  /** The Message-ID without angle brackets; derived from the content hash when the mail had none. */
  readonly messageId: string;
  /** True when `messageId` was derived, not read from the mail. */
  readonly messageIdDerived: boolean;
  /** In-Reply-To message ids, without angle brackets. */
  readonly inReplyTo: readonly string[];
  /** References message ids in header order (oldest first), without angle brackets. */
  readonly references: readonly string[];
  readonly from: MailAddress | undefined;
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** The Date header; undefined when missing or unparseable. */
  readonly date: Date | undefined;
  /** Decoded subject; empty string when missing. */
  readonly subject: string;
  /** Plain-text body; derived from the HTML when the mail had only HTML. */
  readonly text: string;
  /** Sanitised HTML body (no scripts, no event handlers, no remote resources), or undefined. */
  readonly html: string | undefined;
  /** The mail's attachments; a TNEF part (`winmail.dat`) is replaced by the files it carries. */
  readonly attachments: readonly MailAttachment[];
  /**
   * Headers filters, routing and the mail classifier need, lower-cased names, decoded values, the
   * first occurrence of each: those in `RECORDED_HEADERS` (auto-submitted, precedence, list-id,
   * return-path, content-type, x-spam-flag, ...) and up to 20 `x-zammad-*` headers.
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * For a delivery report (a bounce): the headers of the mail that could not be delivered, read
   * from its `message/rfc822` or `text/rfc822-headers` part, so the bounce can find that mail's
   * ticket. Undefined when the mail carries no such part.
   */
  readonly reportedMail?: ReportedMail;
  /** Hex SHA-256 of the raw message bytes. */
  readonly rawSha256: string;
  readonly rawSize: number;
  /**
   * Problems met while parsing (an unknown charset, a broken MIME part, a parser failure). When
   * the parser failed outright, the raw message is among `attachments` as `original.eml`.
   */
  readonly problems: readonly string[];
}

/** The mail a delivery report is about, as far as its returned headers tell (ids without angle brackets). */
export interface ReportedMail {
  readonly messageId: string | undefined;
  readonly inReplyTo: readonly string[];
  readonly references: readonly string[];
  readonly subject: string;
  readonly from: MailAddress | undefined;
}
