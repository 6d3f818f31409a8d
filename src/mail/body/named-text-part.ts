/** A MIME part's header facts, as mailsplit read them, that decide whether it is a text file. */
export interface TextPartFacts {
  /** The part's content type, lower-cased, without parameters. */
  readonly contentType: string | undefined;
  /** The Content-Disposition value as the part gave it; undefined when it gave none. */
  readonly disposition: string | undefined;
  /** The decoded `filename` of Content-Disposition, or else the `name` of Content-Type. */
  readonly filename: string | undefined;
}

/** The text types mailparser merges into the body unless their disposition is `attachment`. */
const BODY_TEXT_TYPES: ReadonlySet<string> = new Set(['text/plain', 'text/html']);

/**
 * Whether a part mailparser merges into the body is also a file of its own: a text/plain or
 * text/html part that is not `Content-Disposition: attachment` (mailparser delivers those as
 * attachments already) but carries a file name. Thunderbird shows such a part in the body and
 * lists it as an attachment; popdesk does both too, so the agent reads it in place and can still
 * download it with its own name and bytes.
 */
export function isNamedTextPart(facts: TextPartFacts): boolean {
  if (facts.contentType === undefined || !BODY_TEXT_TYPES.has(facts.contentType)) return false;
  if (facts.filename === undefined || facts.filename.trim() === '') return false;
  // mailparser treats any disposition other than `inline` as `attachment` (RFC 2183 section 2.8:
  // an unknown disposition is handled as attachment), and those already arrive as files.
  return facts.disposition === undefined || facts.disposition === 'inline';
}
